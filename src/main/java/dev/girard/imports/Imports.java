package dev.girard.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV imports from files (the command line) and from uploads (the API). An upload is first copied to a
 * file under the data folder, never held in memory; it is then imported while the client waits, or in the
 * background on one import thread, in which case the client gets the import's id at once and follows it
 * at {@code GET /api/imports/{id}}.
 */
public final class Imports implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Imports.class);

    private final CsvImporter importer;
    private final ImportStore store;
    private final Path uploadDir;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "girard-import");
        thread.setDaemon(true);
        return thread;
    });

    public Imports(CsvImporter importer, ImportStore store, Path uploadDir) {
        this.importer = importer;
        this.store = store;
        this.uploadDir = uploadDir;
    }

    public ImportStore store() {
        return store;
    }

    /** Imports a file and waits for the result. */
    public <T> ImportReport importFile(Path file, String source, String encoding, RowHandler<T> handler,
            CsvImporter.Listener listener) {
        return importer.importFile(file, source, encoding, handler, listener);
    }

    /** Copies an upload to a file, imports it while the caller waits, and removes the copy. */
    public <T> ImportReport importUpload(InputStream upload, String source, String encoding, RowHandler<T> handler) {
        Path file = spool(upload);
        try {
            return importer.importFile(file, source, encoding, handler, CsvImporter.Listener.NONE);
        } finally {
            delete(file);
        }
    }

    /**
     * Copies an upload to a file, checks its encoding and header, and imports its rows in the background.
     *
     * @return the import as it stands when the rows start to be read
     * @throws dev.girard.core.InvalidInputException when the encoding or header is refused (nothing is imported)
     */
    public <T> ImportStatus startUpload(InputStream upload, String source, String encoding, RowHandler<T> handler) {
        Path file = spool(upload);
        CsvImporter.Prepared<T> prepared;
        try {
            prepared = importer.prepare(file, source, encoding, handler);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
        background.execute(() -> {
            try {
                prepared.run(CsvImporter.Listener.NONE);
            } catch (RuntimeException e) {
                LOG.warn("Import {} of {} failed: {}", prepared.importId(), source, e.getMessage());
            } finally {
                delete(file);
            }
        });
        return store.get(prepared.importId());
    }

    private Path spool(InputStream upload) {
        try {
            Files.createDirectories(uploadDir);
            Path file = Files.createTempFile(uploadDir, "upload-", ".csv");
            try {
                Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                delete(file);
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the upload under " + uploadDir + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", file, e.getMessage());
        }
    }

    /** Stops the background import, if one runs; it is recorded as failed and can be imported again. */
    @Override
    public void close() {
        background.shutdownNow();
        try {
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("A background import did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
