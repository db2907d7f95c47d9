package dev.girard.imports;

import java.util.Map;

/**
 * One data row of a CSV file: the line it starts on, its non-blank field values by field name, and the
 * custom attributes (for imports that keep other columns).
 */
public record ImportRow(long line, Map<String, String> values, Map<String, Object> attributes) {
    public String get(String field) {
        return values.get(field);
    }
}
