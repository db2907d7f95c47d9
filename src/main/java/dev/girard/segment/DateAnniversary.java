package dev.girard.segment;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Customers whose date in a custom attribute (an ISO date such as a wedding day, {"weddingDay":
 * "2015-06-20"}) has its anniversary today in their own time zone. The key is the attribute and the year.
 */
final class DateAnniversary extends SqlSegment<String> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    DateAnniversary(SegmentSql sql) {
        super(sql, "date-anniversary", "Customers whose date in a custom attribute (e.g. a wedding day) has its "
                + "anniversary today in their own time zone; once a year (key weddingDay:2027).",
                Map.of("attribute", "required: the attribute holding an ISO date, e.g. weddingDay"));
    }

    @Override
    String read(Params params) {
        String attribute = params.text("attribute", true);
        if (!NAME.matcher(attribute).matches()) {
            throw Params.error("attribute", attribute, "must be 1 to 64 letters, digits, _ or -");
        }
        return attribute;
    }

    @Override
    String runKey(SegmentContext context, String attribute) {
        return attribute + ":" + context.campaignTime().toLocalDate();
    }

    @Override
    boolean exact() {
        return false;
    }

    @Override
    Plan plan(SegmentContext context, String attribute, SqlParams params) {
        String keyParam = params.nextName();
        params.bind(sql.dialect().jsonKey(attribute));
        String value = sql.dialect().jsonText("c.attributes", keyParam);
        String condition = BirthdayToday.onLocalDay(context, params, "substr(" + value + ", 6, 5)");
        return new Plan(condition, List.of(Selection.Column.key(attribute, value)), (row, ctx) -> {
            LocalDate date;
            try {
                date = LocalDate.parse(row.text(attribute));
            } catch (DateTimeException | NullPointerException e) {
                return null;
            }
            LocalDate today = localDate(row, ctx);
            return date.getYear() < today.getYear() && BirthdayToday.isBirthday(date, today)
                    ? attribute + ":" + today.getYear() : null;
        });
    }
}
