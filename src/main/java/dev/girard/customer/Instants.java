package dev.girard.customer;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

/** Points in time as shops write them: with an offset, or in the shop's own time zone, or only a date. */
final class Instants {
    private static final List<DateTimeFormatter> WITH_OFFSET = List.of(
            DateTimeFormatter.ISO_INSTANT,
            DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME,
            strict("uuuu-M-d H:mm[:ss]"),
            strict("uuuu/M/d H:mm[:ss]"));
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE,
            strict("uuuu/M/d"),
            strict("uuuu.M.d"));

    private Instants() {
    }

    /** The instant, or null when the text is none of the accepted forms (or names a day that does not exist). */
    static Instant parse(String raw, ZoneId zone) {
        for (DateTimeFormatter format : WITH_OFFSET) {
            try {
                return format.parse(raw, Instant::from);
            } catch (DateTimeException e) {
                // next form
            }
        }
        for (DateTimeFormatter format : LOCAL_TIMES) {
            try {
                return LocalDateTime.parse(raw, format).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                // next form
            }
        }
        for (DateTimeFormatter format : DATES) {
            try {
                return LocalDate.parse(raw, format).atStartOfDay(zone).toInstant();
            } catch (DateTimeException e) {
                // next form
            }
        }
        return null;
    }

    /** What {@link #parse} accepts, for error messages. */
    static String expected(ZoneId zone) {
        return "is not a time (expected 2026-11-23T10:15:00Z, 2026-11-23T18:15:00+08:00, 2026-11-23 18:15 in "
                + zone + ", or 2026-11-23)";
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }
}
