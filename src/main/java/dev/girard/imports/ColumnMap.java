package dev.girard.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;

import dev.girard.core.InvalidInputException;

/**
 * Which field each column of a CSV header holds, matched by name in any order: case, spaces, dashes and
 * dots do not matter and full-width characters count as their ASCII forms, so {@code E-mail}, {@code EMAIL}
 * and {@code ｅｍａｉｌ} all name the e-mail field.
 */
public final class ColumnMap {
    private final List<String> headers;
    private final String[] fieldOfColumn;
    private final boolean[] attribute;
    private final Map<String, String> headerOfField;
    private final List<String> ignored;

    private ColumnMap(List<String> headers, String[] fieldOfColumn, boolean[] attribute,
            Map<String, String> headerOfField, List<String> ignored) {
        this.headers = headers;
        this.fieldOfColumn = fieldOfColumn;
        this.attribute = attribute;
        this.headerOfField = headerOfField;
        this.ignored = ignored;
    }

    /**
     * @throws InvalidInputException when a required field has no column or two columns name the same field
     */
    public static ColumnMap of(List<String> headers, ImportFields fields, String source) {
        Map<String, String> fieldByName = new HashMap<>();
        fields.names().forEach((field, names) -> names.forEach(name -> fieldByName.put(name, field)));
        String[] fieldOfColumn = new String[headers.size()];
        boolean[] attribute = new boolean[headers.size()];
        Map<String, String> headerOfField = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            String name = normalise(header);
            if (name.isEmpty()) {
                ignored.add("(column " + (i + 1) + " has no name)");
                continue;
            }
            String field = fieldByName.get(name);
            if (field == null) {
                if (fields.othersAreAttributes()) {
                    field = name;
                    attribute[i] = true;
                } else {
                    ignored.add(header);
                    continue;
                }
            }
            String key = attribute[i] ? "attr:" + field : field;
            String earlier = headerOfField.putIfAbsent(key, header);
            if (earlier != null) {
                throw new InvalidInputException("header", header, "in " + source + " names the same field as column '"
                        + earlier + "'");
            }
            fieldOfColumn[i] = field;
        }
        for (String required : fields.required()) {
            if (!headerOfField.containsKey(required)) {
                throw new InvalidInputException("header", String.join(",", headers), "in " + source
                        + " is missing the column " + fields.names().get(required).get(0) + " (also accepted: "
                        + String.join(", ", fields.names().get(required).subList(1, fields.names().get(required).size()))
                        + ")");
            }
        }
        return new ColumnMap(List.copyOf(headers), fieldOfColumn, attribute, headerOfField, List.copyOf(ignored));
    }

    /** Lower case, NFKC, runs of spaces, dashes and dots as one underscore. */
    public static String normalise(String header) {
        String h = Normalizer.normalize(header, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        return h.replaceAll("[\\s\\-.]+", "_");
    }

    /** The column header that holds a field, for messages; the field name when no column does. */
    public String header(String field) {
        return headerOfField.getOrDefault(field, field);
    }

    /** Columns that were neither a field nor an attribute. */
    public List<String> ignored() {
        return ignored;
    }

    public int width() {
        return headers.size();
    }

    /** One row as field values (blank ones left out) and custom attributes. */
    public ImportRow row(CSVRecord record, long line) {
        Map<String, String> values = new HashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        int n = Math.min(record.size(), fieldOfColumn.length);
        for (int i = 0; i < n; i++) {
            String field = fieldOfColumn[i];
            if (field == null) {
                continue;
            }
            String value = record.get(i).strip();
            if (value.isEmpty()) {
                continue;
            }
            if (attribute[i]) {
                attributes.put(field, value);
            } else {
                values.put(field, value);
            }
        }
        return new ImportRow(line, values, attributes);
    }
}
