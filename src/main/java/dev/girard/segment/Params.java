package dev.girard.segment;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.girard.core.InvalidInputException;

/** A segment's parameters as given (JSON values), read with checks that name the parameter at fault. */
final class Params {
    private final Map<String, Object> raw;

    Params(Map<String, Object> raw) {
        this.raw = raw == null ? Map.of() : raw;
    }

    boolean has(String name) {
        return raw.get(name) != null;
    }

    Object get(String name) {
        return raw.get(name);
    }

    static InvalidInputException error(String name, Object value, String reason) {
        return new InvalidInputException("segmentParams." + name, value == null ? "" : String.valueOf(value), reason);
    }

    /** A whole number in [min, max], or the default when absent. */
    int integer(String name, int fallback, int min, int max) {
        Object v = raw.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw error(name, v, "must be a whole number from " + min + " to " + max);
        }
        return n.intValue();
    }

    /** A required whole number in [min, max]. */
    int requiredInteger(String name, int min, int max) {
        if (!has(name)) {
            throw error(name, null, "is required: a whole number from " + min + " to " + max);
        }
        return integer(name, 0, min, max);
    }

    /** A number in [min, max], or the default when absent. */
    double decimal(String name, double fallback, double min, double max) {
        Object v = raw.get(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
            throw error(name, v, "must be a number from " + min + " to " + max);
        }
        return n.doubleValue();
    }

    /** One of the allowed words, or the default when absent. */
    String choice(String name, String fallback, Collection<String> allowed) {
        Object v = raw.get(name);
        if (v == null) {
            return fallback;
        }
        if (!allowed.contains(v.toString())) {
            throw error(name, v, "must be one of " + String.join(", ", allowed));
        }
        return v.toString();
    }

    /** A non-blank text of at most 200 characters, or null when absent and not required. */
    String text(String name, boolean required) {
        Object v = raw.get(name);
        if (v == null) {
            if (required) {
                throw error(name, null, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank() || s.length() > 200) {
            throw error(name, v, "must be a non-empty text of at most 200 characters");
        }
        return s.strip();
    }

    /** A list of non-blank texts (a single text counts as a list of one), empty when absent. */
    List<String> texts(String name) {
        Object v = raw.get(name);
        if (v == null) {
            return List.of();
        }
        List<?> items = v instanceof List<?> l ? l : List.of(v);
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw error(name, v, "must be a text or a list of texts");
            }
            out.add(s.strip());
        }
        return out;
    }

    /** A non-empty list of positive amounts in currency units, returned in hundredths, ascending. */
    List<Long> amounts(String name, List<Long> fallbackCents) {
        Object v = raw.get(name);
        if (v == null) {
            return fallbackCents;
        }
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw error(name, v, "must be a non-empty list of amounts, e.g. [1000, 5000]");
        }
        List<Long> cents = new ArrayList<>();
        for (Object item : l) {
            if (!(item instanceof Number n) || n.doubleValue() <= 0 || n.doubleValue() > 1e13) {
                throw error(name, v, "must be a list of positive amounts in currency units, e.g. [1000, 5000]");
            }
            cents.add(Math.round(n.doubleValue() * 100));
        }
        return cents.stream().distinct().sorted().toList();
    }

    /** An IANA time zone, or null when absent. */
    ZoneId zone(String name) {
        Object v = raw.get(name);
        if (v == null) {
            return null;
        }
        try {
            return ZoneId.of(v.toString());
        } catch (DateTimeException e) {
            throw error(name, v, "is not an IANA time zone such as Asia/Shanghai");
        }
    }
}
