package dev.girard.segment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Customers whose first purchase was on this day (in their own time zone) in an earlier year: "a year
 * with us". The key is the year, so each customer hears once a year. Reads the first purchase from the
 * customer stats.
 */
final class PurchaseAnniversary extends SqlSegment<Void> {
    private static final int YEARS_BACK = 60;

    PurchaseAnniversary(SegmentSql sql) {
        super(sql, "purchase-anniversary", "Customers whose first purchase was on this day in an earlier year, "
                + "in their own time zone; once a year (key purchase-anniversary:2027).", Map.of());
    }

    @Override
    Void read(Params params) {
        return null;
    }

    @Override
    String runKey(SegmentContext context, Void settings) {
        return "purchase-anniversary:" + context.campaignTime().toLocalDate();
    }

    @Override
    boolean exact() {
        return false;
    }

    @Override
    Plan plan(SegmentContext context, Void settings, SqlParams params) {
        // The indexed first-purchase instant is narrowed to the days around today in each earlier year
        // (wide enough for every time zone); the customer's own zone decides below.
        LocalDate utc = LocalDate.ofInstant(context.at(), ZoneOffset.UTC);
        List<String> ranges = new ArrayList<>();
        for (int n = 1; n <= YEARS_BACK; n++) {
            Instant from = utc.minusDays(1).minusYears(n).atStartOfDay(ZoneOffset.UTC).toInstant().minus(Duration.ofHours(14));
            Instant to = utc.plusDays(2).minusYears(n).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
            ranges.add("(s.first_purchase_at >= " + params.bind(from.toEpochMilli()) + " AND s.first_purchase_at < "
                    + params.bind(to.toEpochMilli()) + ")");
        }
        return new Plan("(" + String.join(" OR ", ranges) + ")",
                List.of(Selection.Column.key("firstPurchaseAt", "s.first_purchase_at")),
                (row, ctx) -> {
                    LocalDate today = localDate(row, ctx);
                    LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(row.longValue("firstPurchaseAt")),
                            Zones.of(row.customer(), ctx.defaultCustomerZone()));
                    return first.getYear() < today.getYear() && BirthdayToday.isBirthday(first, today)
                            ? "purchase-anniversary:" + today.getYear() : null;
                });
    }
}
