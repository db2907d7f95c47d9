package dev.girard.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns one kind of import understands: each field with the header names it is known by, which
 * fields are required, and what becomes of other columns (custom attributes, or ignored).
 *
 * @param names                 field → header names, in the normalised form {@link ColumnMap#normalise} gives
 * @param required              fields the header must have
 * @param othersAreAttributes   true: other columns become custom attributes; false: they are ignored and listed
 */
public record ImportFields(Map<String, List<String>> names, List<String> required, boolean othersAreAttributes) {
    public ImportFields {
        names = Map.copyOf(names);
        required = List.copyOf(required);
    }

    /** These fields with extra header names added (from configuration) for the fields this kind has. */
    public ImportFields withAliases(Map<String, List<String>> extra) {
        Map<String, List<String>> merged = new LinkedHashMap<>(names);
        extra.forEach((field, aliases) -> merged.computeIfPresent(field, (f, known) -> {
            List<String> all = new java.util.ArrayList<>(known);
            aliases.stream().map(ColumnMap::normalise).forEach(all::add);
            return all;
        }));
        return new ImportFields(merged, required, othersAreAttributes);
    }

    /** Builds the name list of one field: the field's own name plus its aliases, normalised. */
    public static List<String> known(String... names) {
        return java.util.Arrays.stream(names).map(ColumnMap::normalise).distinct().toList();
    }
}
