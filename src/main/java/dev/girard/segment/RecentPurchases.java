package dev.girard.segment;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One member per purchase, keyed by the purchase, so each purchase is answered once however often the
 * campaign fires: the thank-you for purchases since the last run, and the after-sale follow-up N days
 * after a purchase. Each run looks back over a window longer than the time between runs; the key makes
 * the overlap harmless.
 */
final class RecentPurchases extends SqlSegment<RecentPurchases.Settings> {
    record Settings(int days, int lookbackHours, List<String> categories) {
    }

    private final boolean followUp;

    private RecentPurchases(SegmentSql sql, String id, String description, Map<String, String> params, boolean followUp) {
        super(sql, id, description, params);
        this.followUp = followUp;
    }

    static RecentPurchases thankYou(SegmentSql sql) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("lookbackHours", "1-720, default 48: how far back a run looks for purchases not thanked yet "
                + "(longer than the time between runs)");
        params.put("category", "optional: only purchases in this category (or list of categories)");
        return new RecentPurchases(sql, "thank-you", "One thank-you per purchase made since the last run "
                + "(key purchase:<id>); let the campaign fire every few minutes.", params, false);
    }

    static RecentPurchases afterSale(SegmentSql sql) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("days", "required, 1-3650: how many days after the purchase to follow up");
        params.put("lookbackHours", "1-720, default 48: purchases up to this much older than the N days still get "
                + "their follow-up (covers runs that were missed)");
        params.put("category", "optional: only purchases in this category (or list of categories)");
        return new RecentPurchases(sql, "after-sale", "A follow-up N days after each purchase, once per purchase "
                + "(key follow-up:<id>).", params, true);
    }

    @Override
    Settings read(Params params) {
        int days = followUp ? params.requiredInteger("days", 1, 3650) : 0;
        return new Settings(days, params.integer("lookbackHours", 48, 1, 720), params.texts("category"));
    }

    @Override
    String runKey(SegmentContext context, Settings settings) {
        return context.at().toString();
    }

    @Override
    Plan plan(SegmentContext context, Settings settings, SqlParams params) {
        Instant until = context.at().minus(Duration.ofDays(settings.days()));
        Instant since = until.minus(Duration.ofHours(settings.lookbackHours()));
        String condition = "p.purchased_at > " + params.bind(since.toEpochMilli()) + " AND p.purchased_at <= "
                + params.bind(until.toEpochMilli());
        if (!settings.categories().isEmpty()) {
            condition += " AND p.category IN (" + params.bindAll(settings.categories()) + ")";
        }
        String prefix = followUp ? "follow-up:" : "purchase:";
        return new Plan(true, "(" + condition + ")", List.of(
                Selection.Column.key("purchaseId", "p.id"),
                Selection.Column.shown("purchase", "p.external_id"),
                Selection.Column.shown("purchasedAt", "p.purchased_at"),
                Selection.Column.shown("amountCents", "p.amount_cents"),
                Selection.Column.shown("item", "p.item"),
                Selection.Column.shown("category", "p.category")),
                (row, ctx) -> prefix + row.longValue("purchaseId"));
    }
}
