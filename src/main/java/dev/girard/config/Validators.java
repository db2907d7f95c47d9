package dev.girard.config;

import java.net.URI;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Checks for configuration values; each returns null when the value is fine, or what would be valid. */
final class Validators {
    private Validators() {
    }

    @FunctionalInterface
    interface Validator {
        /** @return null if valid, otherwise a sentence saying what is expected */
        String check(String value);
    }

    static final Validator ANY = v -> null;
    static final Validator NOT_BLANK = v -> v.isBlank() ? "must not be empty" : null;
    static final Validator PORT = v -> intIn(v, 1, 65535);
    static final Validator PORT_OR_ZERO = v -> intIn(v, 0, 65535);
    static final Validator ZONE = v -> {
        try {
            ZoneId.of(v);
            return null;
        } catch (RuntimeException e) {
            return "must be an IANA time zone such as Asia/Shanghai or Europe/Berlin";
        }
    };
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());
    static final Validator REGION = v -> REGIONS.contains(v) ? null : "must be a two-letter ISO 3166 region code such as CN or US";
    static final Validator REGION_OR_EMPTY = v -> v.isEmpty() ? null : REGION.check(v);
    static final Validator EMAIL = v -> {
        try {
            new InternetAddress(v, true).validate();
            return v.contains("@") ? null : "must be an e-mail address such as shop@example.com";
        } catch (AddressException e) {
            return "must be an e-mail address such as shop@example.com";
        }
    };
    static final Validator EMAIL_OR_EMPTY = v -> v.isEmpty() ? null : EMAIL.check(v);
    static final Validator URL_OR_EMPTY = v -> {
        if (v.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(v);
            return (uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null)
                    ? null : "must be an http(s) URL such as https://shop.example.com";
        } catch (Exception e) {
            return "must be an http(s) URL such as https://shop.example.com";
        }
    };
    static final Validator JDBC_URL_OR_EMPTY = v -> v.isEmpty() || v.startsWith("jdbc:sqlite:") || v.startsWith("jdbc:postgresql:")
            ? null : "must start with jdbc:sqlite: or jdbc:postgresql:";
    static final Validator MONEY = v -> v.matches("\\d{1,9}(\\.\\d{1,6})?") ? null
            : "must be an amount such as 0.05 (no sign, at most six decimals)";

    static final Validator SECRET_OR_EMPTY = v -> v.isEmpty() || v.length() >= 32 ? null
            : "must be at least 32 characters (e.g. the output of: openssl rand -base64 32), or empty";
    static final Validator DNS_NAME = v -> v.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")
            ? null : "must be a DNS name such as girard or mail2026";
    static final Validator CHARSET = v -> {
        try {
            java.nio.charset.Charset.forName(v);
            return null;
        } catch (RuntimeException e) {
            return "must be a character encoding such as GB18030, GBK, Big5, Shift_JIS or windows-1252";
        }
    };
    static final Validator COLUMN_ALIASES = v -> {
        try {
            Config.parseColumnAliases(v);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    };
    static final Validator CRON = v -> org.quartz.CronExpression.isValidExpression(v) ? null
            : "must be a Quartz cron expression (second minute hour day-of-month month day-of-week), e.g. 0 30 2 * * ?";
    static final Validator NODE_ID_OR_EMPTY = v -> v.isEmpty() || v.matches("[A-Za-z0-9._-]{1,80}") ? null
            : "must be up to 80 letters, digits, dots, underscores or hyphens";
    private static final String WINDOW = "([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d";
    static final Validator TIME_WINDOW = v -> v.matches(WINDOW) ? null
            : "must be a time window HH:MM-HH:MM in 24-hour time, such as 08:00-21:00";
    static final Validator COUNTRY_TIME_WINDOWS = v -> {
        if (v.isBlank()) {
            return null;
        }
        for (String entry : v.split(",")) {
            String[] parts = entry.strip().split("=", 2);
            if (parts.length != 2 || !REGIONS.contains(parts[0].strip()) || !parts[1].strip().matches(WINDOW)) {
                return "must list COUNTRY=HH:MM-HH:MM separated by commas, such as US=09:00-20:00, FR=08:00-20:00 (wrong: '"
                        + entry.strip() + "')";
            }
        }
        return null;
    };
    static final Validator HEADER_NAME = v -> v.matches("[A-Za-z0-9-]+") ? null : "must be an HTTP header name such as Authorization";
    static final Validator REGEX = v -> {
        try {
            java.util.regex.Pattern.compile(v);
            return null;
        } catch (java.util.regex.PatternSyntaxException e) {
            return "must be a regular expression (" + e.getDescription() + " at index " + e.getIndex() + ")";
        }
    };
    static final Validator JSON_POINTER = v -> v.isEmpty() || v.startsWith("/") ? null
            : "must be a JSON pointer such as /id or /messages/0/id";
    static final Validator SMS_BODY_TEMPLATE = v -> {
        String sample = v.replace("${to}", "+8613800138000").replace("${from}", "Shop").replace("${body}", "x")
                .replace("${reference}", "girard-1");
        if (sample.contains("${")) {
            return "may use only ${to}, ${from}, ${body} and ${reference}";
        }
        if (!v.contains("${to}") || !v.contains("${body}")) {
            return "must contain ${to} and ${body}";
        }
        try {
            dev.girard.core.Json.MAPPER.readTree(sample);
            return null;
        } catch (java.io.IOException e) {
            return "must be JSON once the placeholders are replaced (write them inside quotes, e.g. \"to\": \"${to}\")";
        }
    };

    static Validator positiveInt(int min, int max) {
        return v -> intIn(v, min, max);
    }

    static Validator oneOf(String... allowed) {
        List<String> list = Arrays.asList(allowed);
        return v -> list.contains(v) ? null : "must be one of " + String.join(", ", list);
    }

    private static String intIn(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.trim());
            return n >= min && n <= max ? null : "must be a whole number from " + min + " to " + max;
        } catch (NumberFormatException e) {
            return "must be a whole number from " + min + " to " + max;
        }
    }
}
