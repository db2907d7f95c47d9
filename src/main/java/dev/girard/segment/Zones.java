package dev.girard.segment;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
    /** Every zone name a customer can have: the IANA regions and the fixed offsets (+08:00, UTC+08:00, GMT+08:00). */
    private static final List<ZoneId> ALL = all();

    private Zones() {
    }

    private static List<ZoneId> all() {
        TreeSet<String> ids = new TreeSet<>(ZoneId.getAvailableZoneIds());
        for (int minutes = -18 * 60; minutes <= 18 * 60; minutes += 15) {
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(minutes * 60);
            ids.add(offset.getId());
            ids.add(ZoneId.ofOffset("UTC", offset).getId());
            ids.add(ZoneId.ofOffset("GMT", offset).getId());
        }
        return ids.stream().map(ZoneId::of).toList();
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
        for (ZoneId zone : ALL) {
            if (local.test(LocalDateTime.ofInstant(at, zone))) {
                zones.add(zone.getId());
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
