package dev.girard.customer;

import java.util.List;

/**
 * What an import did: rows read, rows that created or changed a customer, rows identical to what was stored,
 * and every row refused, with its line in the file.
 */
public record ImportReport(String source, int rows, int changed, int unchanged, List<RowError> errors) {

    /** One refused row: the file's line number, the column, the value and why. */
    public record RowError(long line, String column, String value, String reason) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + (value == null || value.isEmpty() ? "" : " '" + value + "'")
                    + ": " + reason;
        }
    }

    public String summary() {
        return source + ": " + rows + " rows, " + changed + " created or changed, " + unchanged + " unchanged, "
                + errors.size() + " refused";
    }
}
