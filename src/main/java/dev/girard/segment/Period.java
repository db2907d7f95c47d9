package dev.girard.segment;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.List;

/** How often a customer may be contacted by a periodic segment: the occurrence key names the period. */
final class Period {
    static final List<String> NAMES = List.of("once", "year", "month", "week", "day");
    static final String DOC = "once, year, month, week or day: how often a customer may get this campaign"
            + " (the occurrence key is the period in the campaign's time zone: once, 2026, 2026-12, 2026-W49, 2026-12-01)";

    private Period() {
    }

    static String read(Params params, String fallback) {
        return params.choice("period", fallback, NAMES);
    }

    static String key(String period, ZonedDateTime t) {
        return switch (period) {
            case "once" -> "once";
            case "year" -> String.valueOf(t.getYear());
            case "week" -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "day" -> t.toLocalDate().toString();
            default -> t.format(DateTimeFormatter.ofPattern("uuuu-MM"));
        };
    }
}
