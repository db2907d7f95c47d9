package dev.girard.customer;

import java.net.IDN;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import dev.girard.core.FieldError;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Turns raw field values (from a CSV row or a JSON body) into a {@link Customer}, or into the list of
 * what is wrong with them. One path for every way customers come in, so the rules cannot drift apart.
 */
public final class CustomerValidator {
    /** The fields a customer has, by the names the API and the CSV header use. */
    public static final List<String> FIELDS = List.of("externalId", "firstName", "lastName", "email", "phone",
            "addressLine1", "addressLine2", "city", "postalCode", "region", "country", "birthday", "locale",
            "timeZone");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    // ISO first, then the year-first forms Chinese and East Asian files use, then day-first with dots (DE, RU).
    // Slashed day/month orders (03/04/1990) are ambiguous between the US and elsewhere and are refused.
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE,
            strict("uuuu-M-d"),
            strict("uuuu/M/d"),
            strict("uuuu.M.d"),
            strict("uuuu年M月d日"),
            strict("uuuuMMdd"),
            strict("d.M.uuuu"));
    private static final java.util.regex.Pattern AMBIGUOUS_DATE = java.util.regex.Pattern.compile("\\d{1,2}/\\d{1,2}/\\d{4}");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    private final Clock clock;

    public CustomerValidator(String defaultRegion, Clock clock) {
        this.defaultRegion = defaultRegion;
        this.clock = clock;
    }

    /** The outcome: a customer, or the errors (never both). */
    public record Result(Customer customer, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param fields     values by field name; blank values count as absent
     * @param attributes custom attributes, stored as given
     */
    public Result validate(Map<String, String> fields, Map<String, Object> attributes) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> v = new LinkedHashMap<>();
        fields.forEach((k, value) -> {
            if (value != null && !value.isBlank()) {
                v.put(k, value.strip());
            }
        });
        String externalId = v.get("externalId");
        if (externalId == null) {
            errors.add(new FieldError("externalId", "", "is required"));
        } else if (externalId.length() > 200) {
            errors.add(new FieldError("externalId", externalId.substring(0, 20) + "…", "is longer than 200 characters"));
        }
        for (String name : List.of("firstName", "lastName", "addressLine1", "addressLine2", "city", "region")) {
            String value = v.get(name);
            if (value != null && value.length() > 300) {
                errors.add(new FieldError(name, value.substring(0, 20) + "…", "is longer than 300 characters"));
            }
        }
        String email = v.containsKey("email") ? normaliseEmail(v.get("email"), errors) : null;
        String phone = v.containsKey("phone") ? normalisePhone(v.get("phone"), errors) : null;
        LocalDate birthday = v.containsKey("birthday") ? parseDate(v.get("birthday"), errors) : null;
        String country = v.get("country") == null ? null : v.get("country").toUpperCase(Locale.ROOT);
        if (country != null && !COUNTRIES.contains(country)) {
            errors.add(new FieldError("country", v.get("country"), "must be a two-letter ISO 3166 code such as CN or US"));
        }
        String locale = v.containsKey("locale") ? normaliseLocale(v.get("locale"), errors) : null;
        String zone = v.get("timeZone");
        if (zone != null) {
            try {
                zone = ZoneId.of(zone).getId();
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", zone, "is not an IANA time zone such as Asia/Shanghai"));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        Customer customer = new Customer(null, externalId, v.get("firstName"), v.get("lastName"), email, phone,
                v.get("addressLine1"), v.get("addressLine2"), v.get("city"), v.get("postalCode"), v.get("region"),
                country, birthday, locale, zone, attributes, null, null);
        return new Result(customer, List.of());
    }

    private static String normaliseEmail(String raw, List<FieldError> errors) {
        int at = raw.lastIndexOf('@');
        if (at <= 0 || at == raw.length() - 1) {
            errors.add(new FieldError("email", raw, "is not an e-mail address (expected name@domain)"));
            return null;
        }
        String domain;
        try {
            // Mail servers speak ASCII domains: 例子.中国 becomes xn--fsqu00a.xn--fiqs8s
            domain = IDN.toASCII(raw.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("email", raw, "has an invalid domain: " + e.getMessage()));
            return null;
        }
        String local = raw.substring(0, at);
        String address = local + "@" + domain;
        // RFC 5321 4.5.3.1: a local part of at most 64 octets, a path of at most 256 (254 without the brackets)
        if (local.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 64) {
            errors.add(new FieldError("email", raw, "has a part before the @ longer than 64 characters"));
            return null;
        }
        if (address.length() > 254) {
            errors.add(new FieldError("email", raw, "is longer than 254 characters"));
            return null;
        }
        if (!domain.contains(".")) {
            errors.add(new FieldError("email", raw, "has no top-level domain (expected name@example.com)"));
            return null;
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            // a display name or a route ("Ann <ann@example.com>") parses too, but is not an address on its own
            if (parsed.getPersonal() != null || !parsed.getAddress().equals(address)) {
                errors.add(new FieldError("email", raw, "is not a bare e-mail address (expected name@domain)"));
                return null;
            }
        } catch (AddressException e) {
            errors.add(new FieldError("email", raw, "is not an e-mail address: " + e.getMessage()));
            return null;
        }
        return address;
    }

    private String normalisePhone(String raw, List<FieldError> errors) {
        try {
            Phonenumber.PhoneNumber number = phones.parse(raw, defaultRegion);
            if (!phones.isValidNumber(number)) {
                errors.add(new FieldError("phone", raw, "is not a valid phone number for region "
                        + (raw.startsWith("+") ? phones.getRegionCodeForNumber(number) : defaultRegion)
                        + " (write it with the country code, e.g. +86 138 0013 8000)"));
                return null;
            }
            return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            errors.add(new FieldError("phone", raw, "is not a phone number: " + e.getMessage()));
            return null;
        }
    }

    private LocalDate parseDate(String raw, List<FieldError> errors) {
        DateTimeException impossible = null;
        for (DateTimeFormatter format : DATE_FORMATS) {
            try {
                LocalDate date = LocalDate.parse(raw, format);
                if (date.isAfter(LocalDate.now(clock)) || date.getYear() < 1900) {
                    errors.add(new FieldError("birthday", raw, "is not a plausible birth date (in the future or before 1900)"));
                    return null;
                }
                return date;
            } catch (DateTimeParseException e) {
                // a pattern that fits but names a day that does not exist (2023-02-30) says so in its cause
                if (e.getCause() instanceof DateTimeException cause && impossible == null) {
                    impossible = cause;
                }
            }
        }
        if (impossible != null) {
            errors.add(new FieldError("birthday", raw, "is not a day of the calendar: " + impossible.getMessage()));
        } else if (AMBIGUOUS_DATE.matcher(raw).matches()) {
            errors.add(new FieldError("birthday", raw,
                    "is ambiguous (day/month or month/day?): write it as YYYY-MM-DD"));
        } else {
            errors.add(new FieldError("birthday", raw, "is not a date (expected YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 or D.M.YYYY)"));
        }
        return null;
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT);
    }

    private static String normaliseLocale(String raw, List<FieldError> errors) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(raw.replace('_', '-')).build();
            if (locale.getLanguage().isEmpty()) {
                throw new IllformedLocaleException("no language");
            }
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            errors.add(new FieldError("locale", raw, "is not a language tag such as zh-CN or en-US"));
            return null;
        }
    }
}
