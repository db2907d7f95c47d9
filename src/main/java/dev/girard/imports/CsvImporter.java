package dev.girard.imports;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.db.Dialect;
import dev.girard.db.WriteGate;

/**
 * Streams a CSV file into the database: the encoding is found first (see {@link CsvEncoding}), the header is
 * mapped by name, then rows are read one at a time and written in batches, each batch in one short
 * transaction together with the refused rows and the progress it belongs to. Nothing but a few batches (the
 * one being written, at most two waiting, the one being filled) is held in memory (and, for imports that
 * refuse repeated keys, 17 bytes per key), so file size is bounded by the disk, not the heap.
 */
public final class CsvImporter {
    private static final Logger LOG = LoggerFactory.getLogger(CsvImporter.class);
    private static final long PROGRESS_EVERY_MS = 1000;
    private static final int CHUNK = 500;
    // batches read and checked ahead of the one being written: enough to keep the writer busy, few in memory
    private static final int BATCHES_AHEAD = 2;
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get();

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ImportStore store;
    private final WriteGate gate;
    private final Clock clock;
    private final int batchSize;
    private final Charset fallback;
    private final Map<String, List<String>> aliases;

    /**
     * @param fallback the encoding of files that have no byte-order mark and are not UTF-8
     * @param aliases  extra header names per field, from configuration
     */
    public CsvImporter(Jdbi jdbi, Dialect dialect, ImportStore store, WriteGate gate, Clock clock, int batchSize,
            Charset fallback, Map<String, List<String>> aliases) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.store = store;
        this.gate = gate;
        this.clock = clock;
        this.batchSize = batchSize;
        this.fallback = fallback;
        this.aliases = Map.copyOf(aliases);
    }

    /** Hears about an import while it runs. */
    public interface Listener {
        Listener NONE = new Listener() { };

        /** A refused row's problem, as soon as it is found. */
        default void error(ImportReport.RowError error) {
        }

        /** About once a second. */
        default void progress(ImportStatus status) {
        }
    }

    /** Imports a file and waits for it to finish. */
    public <T> ImportReport importFile(Path file, String source, String encoding, RowHandler<T> handler,
            Listener listener) {
        return prepare(file, source, encoding, handler).run(listener);
    }

    /**
     * Records the import, finds the encoding and reads the header; {@link Prepared#run} then reads the rows.
     *
     * @param encoding the file's encoding as the user named it, or null to detect it
     * @throws InvalidInputException when the file cannot be decoded or its header lacks a required column; the
     *                               import is recorded as failed and nothing is stored
     */
    public <T> Prepared<T> prepare(Path file, String source, String encoding, RowHandler<T> handler) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
        long id = store.start(handler.kind(), source, size);
        CSVParser parser = null;
        try {
            CsvEncoding.Detected detected = CsvEncoding.detect(file, source, encoding, fallback);
            store.encoding(id, detected.name());
            CountingInputStream bytes = new CountingInputStream(Files.newInputStream(file));
            bytes.skipNBytes(detected.bomLength());
            var decoder = detected.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            parser = CSVParser.builder().setReader(new BufferedReader(new InputStreamReader(bytes, decoder), 1 << 16))
                    .setFormat(FORMAT).get();
            ColumnMap columns = ColumnMap.of(parser.getHeaderNames(), handler.fields().withAliases(aliases), source);
            return new Prepared<>(id, source, detected.name(), handler, parser, columns, bytes, size);
        } catch (InvalidInputException e) {
            closeQuietly(parser);
            store.finish(id, null, e.getMessage());
            throw e;
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            closeQuietly(parser);
            String message = "is not valid CSV: " + e.getMessage();
            store.finish(id, null, source + " " + message);
            throw new InvalidInputException("file", source, message);
        }
    }

    private static void closeQuietly(CSVParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                LOG.debug("closing the parser", e);
            }
        }
    }

    /** An import whose header has been read; {@link #run} reads and stores the rows. */
    public final class Prepared<T> {
        private final long id;
        private final String source;
        private final String encoding;
        private final RowHandler<T> handler;
        private final CSVParser parser;
        private final ColumnMap columns;
        private final CountingInputStream bytes;
        private final SeenKeys seen = new SeenKeys();
        private final List<ImportReport.RowError> reported = new ArrayList<>();
        private final BlockingQueue<Batch<T>> toWrite = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        private List<T> pending = new ArrayList<>();
        private List<Long> pendingLines = new ArrayList<>();
        private List<ImportReport.RowError> pendingErrors = new ArrayList<>();
        // taken in file order after checking, and refused by the check (the reading thread)
        private long rowsTaken;
        private long refusedChecked;
        // what the written batches hold, as of the last one committed (the writing thread)
        private volatile Tally written = new Tally(0, 0, 0, 0, 0, 0);
        private volatile RuntimeException writeFailure;
        private long lastProgress;
        private long startedAt;
        private Listener listener = Listener.NONE;
        private Handle writer;

        private final long size;

        private Prepared(long id, String source, String encoding, RowHandler<T> handler, CSVParser parser,
                ColumnMap columns, CountingInputStream bytes, long size) {
            this.size = size;
            this.id = id;
            this.source = source;
            this.encoding = encoding;
            this.handler = handler;
            this.parser = parser;
            this.columns = columns;
            this.bytes = bytes;
        }

        public long importId() {
            return id;
        }

        public String encoding() {
            return encoding;
        }

        /**
         * Reads every row; the import is recorded as finished, or as failed with the reason (then rethrown).
         * This thread reads the CSV and puts the rows into batches; checking the values (phone numbers above
         * all, which take a good part of the time) runs on one thread per core, chunk by chunk, and the results
         * are taken in file order, so line numbers, "first row wins" and the error report do not depend on the
         * threads. A writing thread stores each batch in one transaction while the next ones are read and
         * checked (at most {@value #BATCHES_AHEAD} wait); should a batch fail, it is rolled back whole, reading
         * stops and the import fails with the reason, its counts those of the batches stored before.
         */
        public ImportReport run(Listener listener) {
            this.listener = listener;
            lastProgress = clock.millis();
            startedAt = lastProgress;
            java.util.function.Consumer<Handle> bulkLoadDone;
            try {
                writer = openWriter();
                bulkLoadDone = gate.write(() -> handler.prepareBulkLoad(writer, size));
            } catch (RuntimeException e) {
                closeQuietly(parser);
                if (writer != null) {
                    writer.close();
                }
                return failed(e);
            }
            Thread writing = new Thread(this::writeBatches, "girard-import-write");
            writing.setDaemon(true);
            writing.start();
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            ExecutorService checkers = Executors.newFixedThreadPool(threads, r -> {
                Thread thread = new Thread(r, "girard-import-check");
                thread.setDaemon(true);
                return thread;
            });
            Deque<Future<List<Checked<T>>>> inFlight = new ArrayDeque<>();
            try (parser) {
                Iterator<CSVRecord> records = parser.iterator();
                List<Raw> chunk = new ArrayList<>(CHUNK);
                while (true) {
                    long line = parser.getCurrentLineNumber() + 1;
                    if (!records.hasNext()) {
                        break;
                    }
                    if (Thread.interrupted()) {
                        drain(inFlight);
                        flush();
                        stopWriting(writing);
                        if (writeFailure != null) {
                            return failed(writeFailure);
                        }
                        return failed(new IllegalStateException("stopped after line " + (line - 1)
                                + " because the server is shutting down; import the file again"));
                    }
                    chunk.add(new Raw(line, records.next()));
                    if (chunk.size() == CHUNK) {
                        List<Raw> full = chunk;
                        inFlight.add(checkers.submit(() -> check(full)));
                        chunk = new ArrayList<>(CHUNK);
                        while (inFlight.size() > threads) {
                            accept(inFlight.poll());
                        }
                    }
                }
                List<Raw> last = chunk;
                inFlight.add(checkers.submit(() -> check(last)));
                drain(inFlight);
                flush();
                stopWriting(writing);
                if (writeFailure != null) {
                    return failed(writeFailure);
                }
            } catch (WriteFailed e) {
                stopWriting(writing);
                return failed(writeFailure);
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                String reason = e.getCause() instanceof CharacterCodingException
                        ? "cannot be decoded as " + encoding + " after line " + parser.getCurrentLineNumber()
                        : "is not valid CSV after line " + parser.getCurrentLineNumber() + ": " + e.getMessage();
                try {
                    drain(inFlight);
                    flush();
                } catch (WriteFailed w) {
                    // reported below
                } finally {
                    stopWriting(writing);
                }
                if (writeFailure != null) {
                    return failed(writeFailure);
                }
                return failed(new InvalidInputException("file", source, reason + " (the rows before it are stored)"));
            } catch (RuntimeException e) {
                stopWriting(writing);
                return failed(e);
            } finally {
                stopWriting(writing);
                try {
                    if (bulkLoadDone != null) {
                        gate.run(() -> bulkLoadDone.accept(writer));
                    }
                } finally {
                    writer.close();
                    checkers.shutdownNow();
                }
            }
            ImportStore.Counts counts = counts();
            store.finish(id, counts, null);
            LOG.info("Import {} of {} ({}): {} rows, {} changed, {} refused", id, source, handler.kind(), counts.rowsDone(),
                    counts.rowsChanged(), counts.rowsFailed());
            return report();
        }

        /**
         * Tells the writing thread that no more batches come and waits for it to store the ones queued (or to
         * stop at a failure). Harmless when it has stopped already.
         */
        private void stopWriting(Thread writing) {
            if (!writing.isAlive()) {
                return;
            }
            hand(Batch.end());
            boolean interrupted = false;
            while (writing.isAlive()) {
                try {
                    writing.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** The writing thread: stores batches in file order until the end mark or the first failure. */
        private void writeBatches() {
            try {
                while (true) {
                    Batch<T> batch = toWrite.take();
                    if (batch.isEnd()) {
                        return;
                    }
                    write(batch);
                }
            } catch (InterruptedException e) {
                writeFailure = new IllegalStateException("the import's writer was interrupted");
            } catch (RuntimeException e) {
                writeFailure = e;
            } catch (Error e) {
                writeFailure = new IllegalStateException("the import's writer stopped: " + e, e);
                throw e;
            }
        }

        /**
         * Queues a batch for the writing thread, waiting while {@value #BATCHES_AHEAD} are queued. A shutdown's
         * interrupt does not lose the batch (it is noticed again between rows); a failed writer stops the reading.
         */
        private void hand(Batch<T> batch) {
            boolean interrupted = false;
            try {
                while (true) {
                    if (writeFailure != null && !batch.isEnd()) {
                        throw new WriteFailed(writeFailure);
                    }
                    try {
                        if (toWrite.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                            return;
                        }
                        if (writeFailure != null && batch.isEnd()) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private ImportReport failed(RuntimeException e) {
            store.finish(id, counts(), source + ": " + e.getMessage());
            throw e;
        }

        /** Checks a chunk of rows (on a checker thread): the handler's parse, or the width error. */
        private List<Checked<T>> check(List<Raw> chunk) {
            List<Checked<T>> checked = new ArrayList<>(chunk.size());
            for (Raw raw : chunk) {
                if (raw.record().size() != columns.width()) {
                    checked.add(new Checked<>(raw.line(), null, List.of(new FieldError("", "", "has "
                            + raw.record().size() + " columns, the header has " + columns.width()))));
                } else {
                    RowHandler.Parsed<T> parsed = handler.parse(columns.row(raw.record(), raw.line()));
                    checked.add(new Checked<>(raw.line(), parsed.value(), parsed.errors()));
                }
            }
            return checked;
        }

        private void drain(Deque<Future<List<Checked<T>>>> inFlight) {
            while (!inFlight.isEmpty()) {
                accept(inFlight.poll());
            }
        }

        /** Takes a checked chunk in file order: refuses the bad rows and repeats, queues the rest for writing. */
        private void accept(Future<List<Checked<T>>> future) {
            List<Checked<T>> chunk;
            try {
                chunk = future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking rows", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            for (Checked<T> row : chunk) {
                long line = row.line();
                rowsTaken++;
                if (!row.errors().isEmpty()) {
                    refusedChecked++;
                    refuse(pendingErrors, row.errors().stream().map(e -> rowError(line, e)).toList());
                    continue;
                }
                String key = handler.uniqueKey(row.value());
                if (key != null) {
                    long earlier = seen.putIfAbsent(key, line);
                    if (earlier != 0) {
                        refusedChecked++;
                        refuse(pendingErrors, List.of(rowError(line, new FieldError("externalId", key,
                                "duplicate external id: line " + earlier + " has it already"))));
                        continue;
                    }
                }
                pending.add(row.value());
                pendingLines.add(line);
                if (pending.size() >= batchSize || pendingErrors.size() >= batchSize) {
                    flush();
                }
            }
        }

        private ImportReport.RowError rowError(long line, FieldError error) {
            return new ImportReport.RowError(line, columns.header(error.field()), error.value(), error.reason());
        }

        /** Adds a refused row's errors to those its batch stores, and tells the report and the listener. */
        private void refuse(List<ImportReport.RowError> batchErrors, List<ImportReport.RowError> errors) {
            batchErrors.addAll(errors);
            synchronized (reported) {
                for (ImportReport.RowError error : errors) {
                    if (reported.size() <= ImportReport.MAX_ERRORS) {
                        reported.add(error);
                    }
                    listener.error(error);
                }
            }
        }

        /** Hands the rows taken since the last batch to the writing thread. */
        private void flush() {
            if (pending.isEmpty() && pendingErrors.isEmpty()) {
                return;
            }
            hand(new Batch<>(pending, pendingLines, pendingErrors, rowsTaken, refusedChecked, bytes.count()));
            pending = new ArrayList<>(batchSize);
            pendingLines = new ArrayList<>(batchSize);
            pendingErrors = new ArrayList<>();
        }

        /**
         * Stores one batch (on the writing thread) in one transaction: its rows, its refused rows and, about once
         * a second, the progress. The counts move on only once it is committed.
         */
        private void write(Batch<T> batch) {
            long now = clock.millis();
            boolean progressDue = now - lastProgress >= PROGRESS_EVERY_MS;
            Tally before = written;
            Written done = gate.write(() -> writer.inTransaction(h -> {
                List<ImportReport.RowError> errors = new ArrayList<>(batch.errors());
                List<ImportReport.RowError> refusedNow = new ArrayList<>();
                long stored = 0;
                long changed = 0;
                List<RowHandler.Outcome> outcomes = handler.write(h, batch.values());
                for (int i = 0; i < outcomes.size(); i++) {
                    RowHandler.Outcome outcome = outcomes.get(i);
                    if (outcome.error() != null) {
                        refusedNow.add(rowError(batch.lines().get(i), outcome.error()));
                    } else {
                        stored++;
                        changed += outcome.changed() ? 1 : 0;
                    }
                }
                errors.addAll(refusedNow);
                Tally tally = new Tally(batch.rowsTaken(), before.stored() + stored, before.changed() + changed,
                        batch.refusedChecked(), before.refusedWritten() + refusedNow.size(), batch.bytes());
                store.errors(h, id, errors);
                if (progressDue) {
                    store.progress(h, id, tally.counts());
                }
                return new Written(tally, refusedNow);
            }));
            written = done.tally();
            if (!done.refused().isEmpty()) {
                refuse(new ArrayList<>(), done.refused());
            }
            if (progressDue) {
                lastProgress = now;
                listener.progress(store.get(id));
            }
        }

        /**
         * The one connection every batch of this import is written through, set up for many writes in a row
         * (see {@link Dialect#bulkWriteSettings}) and set back when it closes.
         */
        private Handle openWriter() {
            Handle handle = jdbi.open();
            try {
                apply(handle, dialect.bulkWriteSettings());
            } catch (RuntimeException e) {
                handle.close();
                throw e;
            }
            handle.addCleanable(() -> apply(handle, dialect.normalWriteSettings()));
            return handle;
        }

        private static void apply(Handle handle, List<String> settings) {
            try (java.sql.Statement statement = handle.getConnection().createStatement()) {
                for (String setting : settings) {
                    statement.execute(setting);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Cannot set up the import's connection: " + e.getMessage(), e);
            }
        }

        /** What the committed batches hold: rows taken, stored, changed, refused, and the bytes read up to them. */
        private ImportStore.Counts counts() {
            return written.counts();
        }

        private ImportReport report() {
            // refused by the check come before those refused by the write within a batch: report them in line order
            reported.sort(java.util.Comparator.comparingLong(ImportReport.RowError::line));
            boolean more = reported.size() > ImportReport.MAX_ERRORS;
            Tally tally = written;
            return new ImportReport(id, handler.kind(), source, encoding, tally.rows(), tally.changed(),
                    tally.stored() - tally.changed(), tally.refusedChecked() + tally.refusedWritten(),
                    more ? reported.subList(0, ImportReport.MAX_ERRORS) : reported, more, columns.ignored(),
                    clock.millis() - startedAt);
        }
    }

    /**
     * The rows taken for writing since the last batch, with the refused rows among them and where the file
     * stood after them; or, with no values, the end mark.
     */
    private record Batch<T>(List<T> values, List<Long> lines, List<ImportReport.RowError> errors, long rowsTaken,
            long refusedChecked, long bytes) {
        static <T> Batch<T> end() {
            return new Batch<>(null, null, null, -1, -1, -1);
        }

        boolean isEnd() {
            return values == null;
        }
    }

    /** An import's counts as of its last committed batch. */
    private record Tally(long rows, long stored, long changed, long refusedChecked, long refusedWritten, long bytes) {
        ImportStore.Counts counts() {
            return new ImportStore.Counts(rows, stored, changed, refusedChecked + refusedWritten, bytes);
        }
    }

    /** What writing a batch did: the counts after it, and the rows the write refused. */
    private record Written(Tally tally, List<ImportReport.RowError> refused) {
    }

    /** The writing thread failed: reading stops. */
    private static final class WriteFailed extends RuntimeException {
        WriteFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A row as read, before it is checked. */
    private record Raw(long line, CSVRecord record) {
    }

    /** A row after checking: its value, or its errors. */
    private record Checked<T>(long line, T value, List<FieldError> errors) {
    }

    /** Counts the bytes read, for progress through the file. */
    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }

        long count() {
            return count;
        }
    }
}
