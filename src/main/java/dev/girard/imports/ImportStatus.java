package dev.girard.imports;

import java.time.Instant;

/**
 * One import as {@code GET /api/imports/{id}} shows it: what it is, how far it got, how fast it goes and
 * when it should be done.
 *
 * @param rowsStored    valid rows written (created, changed or already as in the file)
 * @param rowsChanged   of those, rows that created or changed something
 * @param rowsFailed    rows refused, each with its errors in {@code import_errors}
 * @param rowsPerSecond rows read per second so far
 * @param etaSeconds    seconds left at the current rate (from the bytes read), null when finished or unknown
 */
public record ImportStatus(long id, String kind, String fileName, String encoding, String status, long rowsDone,
        long rowsStored, long rowsChanged, long rowsFailed, Long bytesTotal, long bytesDone, double rowsPerSecond,
        Long etaSeconds, String error, Instant startedAt, Instant finishedAt) {

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    public boolean running() {
        return RUNNING.equals(status);
    }

    /** One line for a terminal: rows, rate and ETA. */
    public String progressLine() {
        String percent = bytesTotal != null && bytesTotal > 0
                ? String.format(java.util.Locale.ROOT, " (%.0f %%)", 100.0 * bytesDone / bytesTotal) : "";
        return String.format(java.util.Locale.ROOT, "%,d rows%s, %,.0f rows/s, %s", rowsDone, percent, rowsPerSecond,
                etaSeconds == null ? "" : "about " + etaSeconds + " s left");
    }
}
