package dev.girard.segment;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

import dev.girard.customer.Customer;

/**
 * Turns "it is now X where the customer lives" into SQL: the time zones where the local time at an instant
 * satisfies a predicate are listed and bound, so the database does the selection and counts stay exact.
 */
final class Zones {
    private static final List<String> ALL = List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds()));

    private Zones() {
    }

    /** The customer's own zone, else the default one (also for a stored name this JVM does not know). */
    static ZoneId of(Customer customer, ZoneId fallback) {
        if (customer.timeZone() == null || customer.timeZone().isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(customer.timeZone());
        } catch (DateTimeException e) {
            return fallback;
        }
    }

    /** A condition on c.time_zone: the customer's local time at {@code at} satisfies the predicate. */
    static String where(Instant at, ZoneId fallback, Predicate<LocalDateTime> local, SqlParams params) {
        List<String> zones = new ArrayList<>();
        for (String id : ALL) {
            if (local.test(LocalDateTime.ofInstant(at, ZoneId.of(id)))) {
                zones.add(id);
            }
        }
        boolean fallbackMatches = local.test(LocalDateTime.ofInstant(at, fallback));
        String unknown = fallbackMatches ? " OR c.time_zone IS NULL OR c.time_zone = ''" : "";
        if (zones.isEmpty()) {
            return fallbackMatches ? "(c.time_zone IS NULL OR c.time_zone = '')" : "(1 = 0)";
        }
        return "(c.time_zone IN (" + params.bindAll(zones) + ")" + unknown + ")";
    }
}
