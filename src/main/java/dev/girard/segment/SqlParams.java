package dev.girard.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bound values of one segment query. Every value a marketer supplies goes through here and reaches the
 * database as a parameter; the SQL only ever holds the generated placeholder names.
 */
final class SqlParams {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Binds a value and returns its placeholder, e.g. {@code :p3}. */
    String bind(Object value) {
        String name = "p" + values.size();
        values.put(name, value);
        return ":" + name;
    }

    /** Binds each value and returns the placeholders as a list for {@code IN (...)}. */
    String bindAll(List<?> list) {
        return list.stream().map(this::bind).collect(Collectors.joining(", "));
    }

    /** The parameter name (without the colon) of the next value bound. */
    String nextName() {
        return "p" + values.size();
    }

    Map<String, Object> values() {
        return values;
    }
}
