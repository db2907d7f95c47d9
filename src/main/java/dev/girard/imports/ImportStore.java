package dev.girard.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import dev.girard.core.NotFoundException;

/** The {@code imports} rows (one per CSV import, with live progress) and their {@code import_errors}. */
public final class ImportStore {
    private static final String COLUMNS = "id, kind, file_name, encoding, status, rows_done, rows_stored, rows_changed,"
            + " rows_failed, bytes_total, bytes_done, error, started_at, finished_at";
    // Progress of a running import, written with the batch it belongs to.
    private static final String PROGRESS = """
            UPDATE imports SET rows_done = :rowsDone, rows_stored = :rowsStored, rows_changed = :rowsChanged,
                rows_failed = :rowsFailed, bytes_done = :bytesDone
            WHERE id = :id
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public ImportStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Counters of a running import. */
    public record Counts(long rowsDone, long rowsStored, long rowsChanged, long rowsFailed, long bytesDone) {
    }

    /** Records a new import as running; returns its id. */
    public long start(String kind, String fileName, Long bytesTotal) {
        return jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO imports (kind, file_name, status, bytes_total, started_at)
                VALUES (:kind, :fileName, :status, :bytesTotal, :now)
                """).bind("kind", kind).bind("fileName", fileName).bind("status", ImportStatus.RUNNING)
                .bind("bytesTotal", bytesTotal).bind("now", clock.millis())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    public void encoding(long id, String encoding) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE imports SET encoding = :encoding WHERE id = :id")
                .bind("encoding", encoding).bind("id", id).execute());
    }

    /** Writes the counters inside the caller's transaction (the one that stored the rows they count). */
    void progress(Handle handle, long id, Counts counts) {
        handle.createUpdate(PROGRESS).bind("id", id).bind("rowsDone", counts.rowsDone())
                .bind("rowsStored", counts.rowsStored()).bind("rowsChanged", counts.rowsChanged())
                .bind("rowsFailed", counts.rowsFailed()).bind("bytesDone", counts.bytesDone()).execute();
    }

    /** Records refused rows inside the caller's transaction. */
    void errors(Handle handle, long id, List<ImportReport.RowError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        PreparedBatch batch = handle.prepareBatch("""
                INSERT INTO import_errors (import_id, line, column_name, value, reason)
                VALUES (:importId, :line, :column, :value, :reason)
                """);
        for (ImportReport.RowError error : errors) {
            batch.bind("importId", id).bind("line", error.line()).bind("column", error.column())
                    .bind("value", error.value()).bind("reason", error.reason()).add();
        }
        batch.execute();
    }

    /** Marks the import finished, or failed with the reason when {@code error} is not null. */
    public void finish(long id, Counts counts, String error) {
        jdbi.useTransaction(h -> {
            if (counts != null) {
                progress(h, id, counts);
            }
            h.createUpdate("UPDATE imports SET status = :status, error = :error, finished_at = :now WHERE id = :id")
                    .bind("status", error == null ? ImportStatus.FINISHED : ImportStatus.FAILED)
                    .bind("error", error).bind("now", clock.millis()).bind("id", id).execute();
        });
    }

    /** Imports left running by a process that stopped: they will not go on, so they are marked failed. */
    public int failAbandoned() {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE imports SET status = :failed, finished_at = :now,
                    error = 'the server stopped during the import; import the file again (rows already stored stay as they are)'
                WHERE status = :running
                """).bind("failed", ImportStatus.FAILED).bind("running", ImportStatus.RUNNING)
                .bind("now", clock.millis()).execute());
    }

    public ImportStatus get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("No import " + id));
    }

    public Optional<ImportStatus> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM imports WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    /** The newest imports first. */
    public List<ImportStatus> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM imports ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    /** The first refused rows of an import, in line order. */
    public List<ImportReport.RowError> firstErrors(long id, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT line, column_name, value, reason FROM import_errors WHERE import_id = :id ORDER BY line, id LIMIT :limit
                """).bind("id", id).bind("limit", limit).map((rs, ctx) -> new ImportReport.RowError(rs.getLong("line"),
                rs.getString("column_name"), rs.getString("value"), rs.getString("reason"))).list());
    }

    /** Writes every refused row of an import as CSV (line, column, value, reason), streamed in line order. */
    public void writeErrorsCsv(long id, Writer out) {
        get(id);
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            printer.printRecord("line", "column", "value", "reason");
            jdbi.useHandle(h -> h.createQuery("""
                    SELECT line, column_name, value, reason FROM import_errors WHERE import_id = :id ORDER BY line, id
                    """).bind("id", id).setFetchSize(1000).map((rs, ctx) -> new ImportReport.RowError(rs.getLong("line"),
                    rs.getString("column_name"), rs.getString("value"), rs.getString("reason")))
                    .useStream(errors -> errors.forEach(e -> {
                        try {
                            printer.printRecord(e.line(), e.column(), e.value(), e.reason());
                        } catch (IOException x) {
                            throw new UncheckedIOException(x);
                        }
                    })));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportStatus map(ResultSet rs) throws SQLException {
        long started = rs.getLong("started_at");
        long finishedAt = rs.getLong("finished_at");
        Instant finished = rs.wasNull() ? null : Instant.ofEpochMilli(finishedAt);
        long bytesTotalValue = rs.getLong("bytes_total");
        Long bytesTotal = rs.wasNull() ? null : bytesTotalValue;
        long rowsDone = rs.getLong("rows_done");
        long bytesDone = rs.getLong("bytes_done");
        long end = finished == null ? clock.millis() : finished.toEpochMilli();
        double seconds = Math.max(end - started, 1) / 1000.0;
        Long eta = null;
        String status = rs.getString("status");
        if (ImportStatus.RUNNING.equals(status) && bytesTotal != null && bytesDone > 0) {
            eta = Math.round(seconds * (bytesTotal - bytesDone) / bytesDone);
        }
        return new ImportStatus(rs.getLong("id"), rs.getString("kind"), rs.getString("file_name"),
                rs.getString("encoding"), status, rowsDone, rs.getLong("rows_stored"), rs.getLong("rows_changed"),
                rs.getLong("rows_failed"), bytesTotal, bytesDone, Math.round(rowsDone / seconds * 10) / 10.0, eta,
                rs.getString("error"), Instant.ofEpochMilli(started), finished);
    }
}
