package dev.girard.segment;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.girard.holiday.Holiday;
import dev.girard.holiday.HolidayCalendar;

/**
 * Customers for whom today, in their own time zone, is a holiday of a region's calendar: one holiday
 * greeting campaign that fires daily (or hourly with localHour) greets on the right day every year. The key
 * names the holiday and the year (holiday:spring-festival:2027); templates see the holiday's name in the
 * customer's language.
 */
final class HolidayToday extends SqlSegment<HolidayToday.Settings> {
    record Settings(String region, List<String> holidays) {
    }

    HolidayToday(SegmentSql sql) {
        super(sql, "holiday-today", "Customers for whom today is a holiday of a region's calendar in their own time "
                + "zone; once per holiday and year (key holiday:mid-autumn:2027).", params());
    }

    private static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("region", "required: the holiday calendar, one of " + String.join(", ", HolidayCalendar.regions()));
        params.put("holidays", "optional: only these holiday ids, e.g. [\"spring-festival\", \"mid-autumn\"]");
        return params;
    }

    @Override
    Settings read(Params params) {
        if (!params.has("region")) {
            throw Params.error("region", null, "is required: one of " + String.join(", ", HolidayCalendar.regions()));
        }
        String region = params.choice("region", null, HolidayCalendar.regions());
        List<String> holidays = params.texts("holidays");
        for (String id : holidays) {
            if (!HolidayCalendar.ids(region).contains(id)) {
                throw Params.error("holidays", id, "is not a holiday of " + region + "; its holidays: "
                        + String.join(", ", HolidayCalendar.ids(region)));
            }
        }
        return new Settings(region, holidays);
    }

    @Override
    String runKey(SegmentContext context, Settings settings) {
        LocalDate today = context.campaignTime().toLocalDate();
        return holiday(settings, today).map(h -> "holiday:" + h.id() + ":" + today.getYear())
                .orElse("holiday:none:" + today);
    }

    private static java.util.Optional<Holiday> holiday(Settings settings, LocalDate date) {
        return HolidayCalendar.on(settings.region(), date).stream()
                .filter(h -> settings.holidays().isEmpty() || settings.holidays().contains(h.id()))
                .findFirst();
    }

    @Override
    Plan plan(SegmentContext context, Settings settings, SqlParams params) {
        LocalDate utc = LocalDate.ofInstant(context.at(), ZoneId.of("UTC"));
        List<String> parts = new ArrayList<>();
        for (LocalDate d = utc.minusDays(1); !d.isAfter(utc.plusDays(1)); d = d.plusDays(1)) {
            LocalDate day = d;
            if (holiday(settings, day).isPresent()) {
                String zones = Zones.where(context.at(), context.defaultCustomerZone(), t -> t.toLocalDate().equals(day), params);
                if (!zones.equals("(1 = 0)")) {
                    parts.add(zones);
                }
            }
        }
        String condition = parts.isEmpty() ? "(1 = 0)" : "(" + String.join(" OR ", parts) + ")";
        return new Plan(condition, List.of(Selection.Column.shown("timeZone", "c.time_zone")), (row, ctx) -> {
            LocalDate today = localDate(row, ctx);
            return holiday(settings, today).map(h -> "holiday:" + h.id() + ":" + today.getYear()).orElse(null);
        });
    }
}
