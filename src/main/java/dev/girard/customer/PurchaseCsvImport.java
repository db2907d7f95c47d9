package dev.girard.customer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Handle;

import dev.girard.imports.ImportFields;
import dev.girard.imports.ImportRow;
import dev.girard.imports.RowHandler;

/**
 * Purchases from CSV, idempotent by external id: a purchase recorded before with the same values changes
 * nothing, one with other values is refused, and a purchase of an unknown customer is refused (never a new
 * blank customer). The buyers' stats are refreshed with each batch.
 */
public final class PurchaseCsvImport implements RowHandler<Purchase> {
    public static final ImportFields FIELDS = new ImportFields(names(),
            List.of("externalId", "customerExternalId", "amount", "currency"), false);

    private final PurchaseStore store;
    private final PurchaseValidator validator;

    public PurchaseCsvImport(PurchaseStore store, PurchaseValidator validator) {
        this.store = store;
        this.validator = validator;
    }

    @Override
    public String kind() {
        return "purchases";
    }

    @Override
    public ImportFields fields() {
        return FIELDS;
    }

    @Override
    public Parsed<Purchase> parse(ImportRow row) {
        return validator.validate(row.values());
    }

    /** Repeats are left to the store: the same purchase twice is recorded once, other values are refused. */
    @Override
    public String uniqueKey(Purchase purchase) {
        return null;
    }

    @Override
    public List<Outcome> write(Handle handle, List<Purchase> purchases) {
        return store.recordAll(handle, purchases);
    }

    private static Map<String, List<String>> names() {
        Map<String, List<String>> n = new LinkedHashMap<>();
        n.put("externalId", ImportFields.known("external_id", "externalid", "id", "purchase_id", "order_id", "order_no",
                "receipt", "receipt_no", "订单号", "订单编号", "单号", "流水号"));
        n.put("customerExternalId", ImportFields.known("customer_external_id", "customerexternalid", "customer_id",
                "customer", "member_id", "customer_no", "客户编号", "客户id", "会员号", "会员编号"));
        n.put("amount", ImportFields.known("amount", "total", "price", "金额", "实付金额", "消费金额"));
        n.put("currency", ImportFields.known("currency", "币种", "货币"));
        n.put("item", ImportFields.known("item", "product", "product_name", "商品", "商品名称"));
        n.put("category", ImportFields.known("category", "product_category", "类别", "品类", "商品类别"));
        n.put("discounted", ImportFields.known("discounted", "discount", "on_sale", "promotion", "折扣", "是否折扣", "促销"));
        n.put("purchasedAt", ImportFields.known("purchased_at", "purchasedat", "timestamp", "time", "date",
                "purchase_date", "purchase_time", "时间", "购买时间", "日期", "下单时间"));
        return n;
    }
}
