package dev.girard.imports;

import java.util.List;

/**
 * What an import did: rows read, rows that created or changed something, rows identical to what was stored,
 * rows refused, and the first {@link #MAX_ERRORS} errors (every error is in {@code import_errors}, downloadable
 * as CSV from {@code GET /api/imports/{id}/errors}).
 *
 * @param ignoredColumns header columns the import did not use
 * @param millis         how long reading and storing the rows took
 */
public record ImportReport(long importId, String kind, String source, String encoding, long rows, long changed,
        long unchanged, long refused, List<RowError> errors, boolean moreErrors, List<String> ignoredColumns,
        long millis) {

    /** Errors kept in the report itself; the rest are only in the database. */
    public static final int MAX_ERRORS = 1000;

    public ImportReport {
        errors = List.copyOf(errors);
        ignoredColumns = List.copyOf(ignoredColumns);
    }

    /** One problem with one row: the file's line number (where the row starts), the column, the value and why. */
    public record RowError(long line, String column, String value, String reason) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + (value == null || value.isEmpty() ? "" : " '" + value + "'")
                    + ": " + reason;
        }
    }

    public String summary() {
        return source + " (" + encoding + "): " + rows + " rows, " + changed + " created or changed, " + unchanged
                + " unchanged, " + refused + " refused" + (ignoredColumns.isEmpty() ? ""
                        : "; columns not used: " + String.join(", ", ignoredColumns))
                + String.format(java.util.Locale.ROOT, " in %.1f s (%,.0f rows/s)", millis / 1000.0,
                        rows * 1000.0 / Math.max(millis, 1));
    }
}
