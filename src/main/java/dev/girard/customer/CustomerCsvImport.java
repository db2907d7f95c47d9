package dev.girard.customer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import dev.girard.imports.ImportFields;
import dev.girard.imports.ImportRow;
import dev.girard.imports.RowHandler;

/**
 * Customers from CSV: a header row names the columns (in any order, by any of their usual names), valid
 * rows are upserted by external id, an external id repeated in one file is refused (the first row wins),
 * and columns that are not customer fields become custom attributes. The file handling (encodings, progress,
 * the error report) is {@link dev.girard.imports.CsvImporter}'s.
 */
public final class CustomerCsvImport implements RowHandler<Customer> {
    /** The header names each field is known by; configuration can add more. */
    public static final ImportFields FIELDS = new ImportFields(names(), List.of("externalId"), true);

    // files from this size (some 200,000 rows) load with the secondary indexes dropped
    private static final long BULK_LOAD_BYTES = 16L << 20;
    // the customers' secondary indexes as the migrations create them (V1, V6), by name
    private static final Map<String, String> DEFERRED_INDEXES = Map.of(
            "customers_birth_md", "ON customers (birth_md)",
            "customers_email", "ON customers (email)",
            "sms_customers_phone", "ON customers (phone)");

    private final CustomerStore store;
    private final CustomerValidator validator;

    public CustomerCsvImport(CustomerStore store, CustomerValidator validator) {
        this.store = store;
        this.validator = validator;
    }

    @Override
    public String kind() {
        return "customers";
    }

    @Override
    public ImportFields fields() {
        return FIELDS;
    }

    @Override
    public Parsed<Customer> parse(ImportRow row) {
        CustomerValidator.Result result = validator.validate(row.values(), row.attributes());
        return result.valid() ? Parsed.of(result.customer()) : Parsed.failed(result.errors());
    }

    /**
     * A large file into an empty or small table: the customers' secondary indexes (V1, V6) are dropped and built
     * again after the last batch, each in one sorted pass, instead of being updated at random places row by
     * row (measured: SQLite's CPU per new row 18 to 11 µs, index build included). Readers meanwhile get the
     * same answers, more slowly; should the process die half-way, {@link #restoreIndexes} at the next start
     * builds them again. The external id's unique index, which the upsert needs, stays.
     */
    @Override
    public java.util.function.Consumer<Handle> prepareBulkLoad(Handle handle, long fileBytes) {
        if (fileBytes < BULK_LOAD_BYTES) {
            return null;
        }
        long existing = handle.createQuery("SELECT COUNT(*) FROM customers").mapTo(Long.class).one();
        // customer rows take some 60 to 120 bytes: only when the file brings several times the rows there are
        if (existing > fileBytes / 400) {
            return null;
        }
        handle.useTransaction(h -> DEFERRED_INDEXES.keySet().forEach(name -> h.execute("DROP INDEX IF EXISTS " + name)));
        return CustomerCsvImport::restoreIndexes;
    }

    /** Builds the customers' secondary indexes that a bulk load dropped, if any is missing. */
    public static void restoreIndexes(Handle handle) {
        handle.useTransaction(h -> DEFERRED_INDEXES.forEach((name, definition) ->
                h.execute("CREATE INDEX IF NOT EXISTS " + name + " " + definition)));
    }

    @Override
    public String uniqueKey(Customer customer) {
        return customer.externalId();
    }

    @Override
    public List<Outcome> write(Handle handle, List<Customer> customers) {
        int[] counts = store.upsertAll(handle, customers);
        List<Outcome> outcomes = new ArrayList<>(counts.length);
        for (int count : counts) {
            outcomes.add(count > 0 ? Outcome.CHANGED : Outcome.UNCHANGED);
        }
        return outcomes;
    }

    private static Map<String, List<String>> names() {
        Map<String, List<String>> n = new LinkedHashMap<>();
        n.put("externalId", ImportFields.known("external_id", "externalid", "id", "customer_id", "customerid",
                "customer_no", "客户编号", "客户id", "会员号", "会员编号"));
        n.put("firstName", ImportFields.known("first_name", "firstname", "given_name", "forename", "名"));
        n.put("lastName", ImportFields.known("last_name", "lastname", "surname", "family_name", "姓"));
        n.put("email", ImportFields.known("email", "e_mail", "mail", "email_address", "e_mail_address", "邮箱",
                "电子邮件", "电子邮箱", "邮件"));
        n.put("phone", ImportFields.known("phone", "mobile", "phone_number", "mobile_phone", "tel", "telephone",
                "cell", "手机", "手机号", "手机号码", "电话"));
        n.put("addressLine1", ImportFields.known("address_line1", "address_line_1", "address", "street", "地址"));
        n.put("addressLine2", ImportFields.known("address_line2", "address_line_2"));
        n.put("city", ImportFields.known("city", "town", "城市"));
        n.put("postalCode", ImportFields.known("postal_code", "postcode", "zip", "zip_code", "邮编", "邮政编码"));
        n.put("region", ImportFields.known("region", "state", "province", "省份", "省"));
        n.put("country", ImportFields.known("country", "country_code", "国家"));
        n.put("birthday", ImportFields.known("birthday", "birth_date", "date_of_birth", "dob", "生日", "出生日期"));
        n.put("locale", ImportFields.known("locale", "language", "lang", "语言"));
        n.put("timeZone", ImportFields.known("time_zone", "timezone", "tz", "时区"));
        return n;
    }
}
