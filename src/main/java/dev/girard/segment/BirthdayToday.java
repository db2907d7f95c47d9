package dev.girard.segment;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Customers whose birthday is today where they live (their own time zone, else the default one).
 * Someone born on 29 February is greeted on 28 February in other years. The key is the year
 * (birthday:2026), so however often the campaign runs, each customer is greeted once a year.
 */
final class BirthdayToday extends SqlSegment<Void> {
    BirthdayToday(SegmentSql sql) {
        super(sql, "birthday-today", "Customers whose birthday is today in their own time zone, greeted once a year "
                + "(29 February birthdays on 28 February in other years).", Map.of());
    }

    @Override
    Void read(Params params) {
        return null;
    }

    @Override
    String runKey(SegmentContext context, Void settings) {
        return "birthday:" + context.campaignTime().toLocalDate();
    }

    @Override
    Plan plan(SegmentContext context, Void settings, SqlParams params) {
        String condition = onLocalDay(context, params, "c.birth_md");
        return new Plan(condition, List.of(Selection.Column.shown("birthday", "c.birthday"),
                Selection.Column.shown("timeZone", "c.time_zone")),
                (row, ctx) -> "birthday:" + localDate(row, ctx).getYear());
    }

    /**
     * A condition that a month-day column (MM-DD) is the customer's local date today: for each of the two or
     * three dates somewhere on Earth now, the month-days celebrated that day and the time zones that have it.
     */
    static String onLocalDay(SegmentContext context, SqlParams params, String monthDayColumn) {
        LocalDate utc = LocalDate.ofInstant(context.at(), ZoneId.of("UTC"));
        List<String> parts = new ArrayList<>();
        for (LocalDate d = utc.minusDays(1); !d.isAfter(utc.plusDays(1)); d = d.plusDays(1)) {
            LocalDate day = d;
            String zones = Zones.where(context.at(), context.defaultCustomerZone(), t -> t.toLocalDate().equals(day), params);
            if (zones.equals("(1 = 0)")) {
                continue;
            }
            List<String> monthDays = new ArrayList<>();
            monthDays.add(String.format("%02d-%02d", day.getMonthValue(), day.getDayOfMonth()));
            if (day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear()) {
                monthDays.add("02-29");
            }
            parts.add("(" + monthDayColumn + " IN (" + params.bindAll(monthDays) + ") AND " + zones + ")");
        }
        return parts.isEmpty() ? "(1 = 0)" : "(" + String.join(" OR ", parts) + ")";
    }

    /** Whether a date's anniversary falls on {@code today}; 29 February ones fall on 28 February in other years. */
    static boolean isBirthday(LocalDate birthday, LocalDate today) {
        MonthDay born = MonthDay.from(birthday);
        if (born.equals(MonthDay.of(2, 29)) && !today.isLeapYear()) {
            return MonthDay.from(today).equals(MonthDay.of(2, 28));
        }
        return MonthDay.from(today).equals(born);
    }
}
