package dev.girard.customer;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import dev.girard.imports.ImportFields;
import dev.girard.imports.ImportRow;
import dev.girard.imports.RowHandler;

/**
 * Consent records from CSV (a shop's sign-up forms, a till's opt-in box): appended to each customer's
 * history, a record identical to one stored is not added twice, and a customer who is not known is refused.
 * Rows without a source column are recorded with the source "import".
 */
public final class ConsentCsvImport implements RowHandler<ConsentValidator.Input> {
    public static final ImportFields FIELDS = new ImportFields(names(),
            List.of("customerExternalId", "channel", "granted"), false);

    private final ConsentStore store;
    private final ConsentValidator validator;
    private final Clock clock;

    public ConsentCsvImport(ConsentStore store, ConsentValidator validator, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "consents";
    }

    @Override
    public ImportFields fields() {
        return FIELDS;
    }

    @Override
    public Parsed<ConsentValidator.Input> parse(ImportRow row) {
        return validator.validate(row.values(), "import", clock.instant());
    }

    @Override
    public String uniqueKey(ConsentValidator.Input input) {
        return null;
    }

    @Override
    public List<Outcome> write(Handle handle, List<ConsentValidator.Input> inputs) {
        return store.recordAll(handle, inputs);
    }

    private static Map<String, List<String>> names() {
        Map<String, List<String>> n = new LinkedHashMap<>();
        n.put("customerExternalId", ImportFields.known("customer_external_id", "customerexternalid", "customer_id",
                "external_id", "customer", "member_id", "客户编号", "客户id", "会员号"));
        n.put("channel", ImportFields.known("channel", "渠道"));
        n.put("granted", ImportFields.known("granted", "consent", "status", "opt_in", "decision", "同意"));
        n.put("at", ImportFields.known("at", "time", "timestamp", "date", "consented_at", "时间", "日期"));
        n.put("source", ImportFields.known("source", "来源"));
        n.put("wording", ImportFields.known("wording", "text", "consent_text", "措辞", "内容"));
        return n;
    }
}
