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

    static final Validator NODE_ID_OR_EMPTY = v -> v.isEmpty() || v.matches("[A-Za-z0-9._-]{1,80}") ? null
            : "must be up to 80 letters, digits, dots, underscores or hyphens";

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
