package dev.girard.segment;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers who have stopped buying: against their own rhythm (days since the last purchase more than k
 * times their median gap between purchases, and more than a floor), or lost (no purchase for N months).
 * The key is the date of the last purchase, so one lapse is answered once and a new lapse after a new
 * purchase is answered again.
 */
final class Lapsed extends SqlSegment<Lapsed.Settings> {
    record Settings(double factor, int floorDays, int months) {
    }

    private final boolean ownRhythm;

    private Lapsed(SegmentSql sql, String id, String description, Map<String, String> params, boolean ownRhythm) {
        super(sql, id, description, params);
        this.ownRhythm = ownRhythm;
    }

    static Lapsed againstOwnRhythm(SegmentSql sql) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("factor", "1-20, default 2: lapsed when the days since the last purchase exceed this many median gaps");
        params.put("floorDays", "0-3650, default 30: and exceed this many days");
        return new Lapsed(sql, "lapsed", "Customers overdue against their own rhythm: days since the last purchase "
                + "> factor x their median gap between purchases, and > a floor (key lapsed:<last purchase date>).",
                params, true);
    }

    static Lapsed lost(SegmentSql sql) {
        return new Lapsed(sql, "lost", "Customers with no purchase for N months, for win-back (key lost:<last purchase date>).",
                Map.of("months", "1-120, default 12: months without a purchase"), false);
    }

    @Override
    Settings read(Params params) {
        return ownRhythm
                ? new Settings(params.decimal("factor", 2, 1, 20), params.integer("floorDays", 30, 0, 3650), 0)
                : new Settings(0, 0, params.integer("months", 12, 1, 120));
    }

    @Override
    String runKey(SegmentContext context, Settings settings) {
        return context.campaignTime().toLocalDate().toString();
    }

    @Override
    Plan plan(SegmentContext context, Settings settings, SqlParams params) {
        String prefix = ownRhythm ? "lapsed:" : "lost:";
        List<Selection.Column> columns = List.of(Selection.Column.key("lastPurchaseAt", "s.last_purchase_at"),
                Selection.Column.shown("medianGapDays", "s.median_gap_days"),
                Selection.Column.shown("purchaseCount", "s.purchase_count"));
        SqlSegment.KeyRule key = (row, ctx) -> prefix
                + Instant.ofEpochMilli(row.longValue("lastPurchaseAt")).atOffset(ZoneOffset.UTC).toLocalDate();
        if (!ownRhythm) {
            long cut = context.campaignTime().minusMonths(settings.months()).toInstant().toEpochMilli();
            return new Plan("(s.last_purchase_at IS NOT NULL AND s.last_purchase_at < " + params.bind(cut) + ")",
                    columns, key);
        }
        long now = context.at().toEpochMilli();
        long floor = context.at().minus(Duration.ofDays(settings.floorDays())).toEpochMilli();
        return new Plan("(s.last_purchase_at IS NOT NULL AND s.median_gap_days IS NOT NULL AND s.last_purchase_at < "
                + params.bind(floor) + " AND " + params.bind(now) + " - s.last_purchase_at > "
                + params.bind(settings.factor() * 86_400_000.0) + " * s.median_gap_days)", columns, key);
    }
}
