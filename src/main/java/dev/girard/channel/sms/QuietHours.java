package dev.girard.channel.sms;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import dev.girard.channel.Channel;
import dev.girard.customer.Customer;

/**
 * The hours of the recipient's own day when a text may go out (08:00-21:00 unless configured, per country
 * by the number's region). The recipient's clock is the customer's time zone, or else the zones of the
 * phone number (by its prefix): when a number could be in several zones, the text goes only when it is
 * daytime in all of them. A text due outside the hours waits for the next start, it is never dropped.
 */
public final class QuietHours {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final int MAX_ROUNDS = 8;

    private final Window allowed;
    private final Map<String, Window> byCountry;
    private final ZoneId defaultZone;

    /** A daily window [start, end) in local time; it may run past midnight; start == end means the whole day. */
    public record Window(LocalTime start, LocalTime end) {
        /** Parses HH:MM-HH:MM. */
        public static Window parse(String text) {
            String[] parts = text.strip().split("-");
            return new Window(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
        }

        boolean allows(LocalTime t) {
            if (start.equals(end)) {
                return true;
            }
            return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
        }

        /** The first moment at or after {@code at} that this window allows, in {@code zone}. */
        Instant next(Instant at, ZoneId zone) {
            ZonedDateTime local = at.atZone(zone);
            if (allows(local.toLocalTime())) {
                return at;
            }
            ZonedDateTime today = local.toLocalDate().atTime(start).atZone(zone);
            return (today.isAfter(local) ? today : local.toLocalDate().plusDays(1).atTime(start).atZone(zone)).toInstant();
        }

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }

    public QuietHours(Window allowed, Map<String, Window> byCountry, ZoneId defaultZone) {
        this.allowed = allowed;
        this.byCountry = Map.copyOf(byCountry);
        this.defaultZone = defaultZone;
    }

    /** From the configuration values: {@code 08:00-21:00} and {@code US=09:00-20:00, FR=08:00-20:00}. */
    public static QuietHours parse(String hours, String byCountry, ZoneId defaultZone) {
        Map<String, Window> countries = new LinkedHashMap<>();
        if (!byCountry.isBlank()) {
            for (String entry : byCountry.split(",")) {
                String[] parts = entry.strip().split("=", 2);
                countries.put(parts[0].strip(), Window.parse(parts[1]));
            }
        }
        return new QuietHours(Window.parse(hours), countries, defaultZone);
    }

    /** Empty when a text may go to this customer at {@code now}; otherwise until when it waits, and why. */
    public Optional<Channel.Wait> waitUntil(Customer customer, Instant now) {
        Optional<PhoneNumber> number = parse(customer.phone());
        Window window = window(customer, number);
        List<ZoneId> zones = zones(customer, number);
        Instant at = now;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Instant next = at;
            for (ZoneId zone : zones) {
                next = window.next(next, zone);
            }
            if (next.equals(at)) {
                break;
            }
            at = next;
        }
        if (!allowedEverywhere(window, zones, at)) {
            // the zones never share daytime (a country spanning half the globe): follow the first one
            at = window.next(now, zones.get(0));
        }
        if (at.equals(now)) {
            return Optional.empty();
        }
        ZoneId zone = zones.get(0);
        return Optional.of(new Channel.Wait(at, "quiet hours: " + now.atZone(zone).toLocalTime().withNano(0) + " in "
                + zone.getId() + " is outside " + window + "; deferred to " + at.atZone(zone).toOffsetDateTime()));
    }

    private static boolean allowedEverywhere(Window window, List<ZoneId> zones, Instant at) {
        return zones.stream().allMatch(z -> window.allows(at.atZone(z).toLocalTime()));
    }

    private Window window(Customer customer, Optional<PhoneNumber> number) {
        String region = number.map(PHONES::getRegionCodeForNumber).orElse(null);
        if (region == null || !byCountry.containsKey(region)) {
            region = customer.country();
        }
        return region == null ? allowed : byCountry.getOrDefault(region, allowed);
    }

    /** The customer's own zone; else the number's zones; else the configured default. */
    List<ZoneId> zones(Customer customer, Optional<PhoneNumber> number) {
        if (customer.timeZone() != null && !customer.timeZone().isBlank()) {
            try {
                return List.of(ZoneId.of(customer.timeZone()));
            } catch (RuntimeException e) {
                // an unknown zone name falls through to the number's
            }
        }
        List<ZoneId> zones = new ArrayList<>();
        number.ifPresent(n -> {
            for (String id : PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(n)) {
                try {
                    zones.add(ZoneId.of(id));
                } catch (RuntimeException e) {
                    // "Etc/Unknown" and names the JDK lacks
                }
            }
        });
        return zones.isEmpty() ? List.of(defaultZone) : zones;
    }

    private static Optional<PhoneNumber> parse(String phone) {
        if (phone == null || phone.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PHONES.parse(phone, "ZZ"));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
