package dev.girard.channel.postcard;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.core.Json;
import dev.girard.delivery.RunStore;
import dev.girard.render.RenderedPostcard;
import dev.girard.render.TemplateEngine;
import dev.girard.render.TemplateProblem;

/**
 * The print step: puts queued cards into PDF batches, one folder per run, each PDF with a manifest CSV
 * beside it, and records the cards as sent once their batch file is in place.
 *
 * <p>Nothing half-written is ever visible in a run's folder: a batch (which cards, in which order, under
 * which file name) is recorded first, its files are written under {@code .incomplete/} and moved into the
 * run's folder in one step (manifest first, then the PDF), and only then are its cards marked sent. After
 * a stop or crash part-way, the recorded batch is written again with the same cards under the same name,
 * so no card is lost and none appears twice.
 *
 * <p>A batch is printed when it is full, or, with fewer cards, once the run has nothing more due for the
 * delivery workers to queue.
 */
public final class PostcardPrinter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostcardPrinter.class);
    private static final long IDLE_POLL_MILLIS = 1000;
    private static final long ERROR_PAUSE_MILLIS = 30_000;
    static final String INCOMPLETE = ".incomplete";
    static final String[] MANIFEST_HEADER = {"card_id", "batch_file", "front_page", "back_page", "design", "size",
        "customer", "name", "address_line_1", "address_line_2", "city", "region", "postal_code", "country"};

    private final PostcardStore store;
    private final RunStore runs;
    private final TemplateEngine templates;
    private final PostcardRenderer renderer;
    private final Path folder;
    private final int batchSize;
    private final long costMicros;
    private final Object signal = new Object();
    private Thread thread;
    private volatile boolean stopping;

    PostcardPrinter(PostcardStore store, RunStore runs, TemplateEngine templates, PostcardRenderer renderer, Path folder,
            int batchSize, long costMicros) {
        this.store = store;
        this.runs = runs;
        this.templates = templates;
        this.renderer = renderer;
        this.folder = folder;
        this.batchSize = batchSize;
        this.costMicros = costMicros;
    }

    /** Finishes the batches a stop interrupted, then prints in the background as cards are queued. */
    public synchronized void start() {
        stopping = false;
        thread = new Thread(this::work, "girard-postcards");
        thread.start();
    }

    /** Tells the print step that cards were queued. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void work() {
        try {
            while (!stopping) {
                boolean printed;
                try {
                    // a batch whose writing failed (a full disk, say) is tried again here, with the same cards
                    finishUnfinished();
                    printed = printReady();
                } catch (RuntimeException e) {
                    LOG.error("Postcards could not be printed; trying again in {} s", ERROR_PAUSE_MILLIS / 1000, e);
                    synchronized (signal) {
                        signal.wait(ERROR_PAUSE_MILLIS);
                    }
                    continue;
                }
                if (!printed) {
                    synchronized (signal) {
                        signal.wait(IDLE_POLL_MILLIS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes again every batch a stop, crash or error left half-written, with the same cards under the same name. */
    void finishUnfinished() {
        List<PostcardStore.Batch> unfinished = store.unfinished();
        if (unfinished.isEmpty()) {
            return;
        }
        deleteIncomplete();
        for (PostcardStore.Batch batch : unfinished) {
            if (stopping) {
                return;
            }
            LOG.info("Writing postcard batch {} of run {} again: it was not finished before", batch.fileName(),
                    batch.runId());
            write(batch);
        }
    }

    /**
     * Prints every batch that is ready: full ones, and the rest of a run once nothing more of it is due.
     *
     * @return true if anything was printed or settled
     */
    boolean printReady() {
        boolean any = false;
        for (PostcardStore.Waiting waiting : store.waiting()) {
            if (stopping) {
                break;
            }
            switch (waiting.runStatus()) {
                case "cancelled" -> any |= store.cancelWaiting(waiting.runId()) > 0;
                case "sending", "finished" -> {
                    int cards = waiting.cards();
                    while (!stopping && cards >= batchSize) {
                        any |= printBatch(waiting.runId(), waiting.design());
                        cards -= batchSize;
                    }
                    if (!stopping && cards > 0 && !store.inFlight(waiting.runId())) {
                        any |= printBatch(waiting.runId(), waiting.design());
                    }
                }
                default -> {
                    // paused: its cards wait until it is resumed
                }
            }
        }
        return any;
    }

    private boolean printBatch(long runId, int design) {
        CardDesign d = CardDesigns.get(design);
        return store.newBatch(runId, design, batchSize,
                number -> String.format("batch-%04d-%s-%s.pdf", number, d.size().label(), d.id()))
                .map(this::write).orElse(false);
    }

    /** Writes a recorded batch's files and settles its cards; false if the server is stopping. */
    private boolean write(PostcardStore.Batch batch) {
        CardDesign design = CardDesigns.get(batch.design());
        Map<String, Object> designModel = design.model();
        List<PostcardRenderer.Card> cards = new ArrayList<>();
        List<Long> printed = new ArrayList<>();
        List<List<String>> manifest = new ArrayList<>();
        String style = null;
        for (PostcardStore.QueuedCard queued : store.cards(batch.id())) {
            Map<String, Object> model = new LinkedHashMap<>(Json.readObject(queued.model(), "model"));
            model.put("design", designModel);
            RenderedPostcard card;
            try {
                if (style == null) {
                    style = templates.renderPostcardStyle(queued.template(), Map.of("design", designModel));
                }
                card = templates.renderPostcard(queued.template(), model);
                Xhtml.check(card, queued.template());
            } catch (TemplateProblem e) {
                LOG.warn("Postcard {} cannot be printed: {}", queued.deliveryId(), e.getMessage());
                store.failed(queued.deliveryId(), e.getMessage());
                continue;
            }
            PostalAddress address = PostalAddress.fromModel(model);
            cards.add(new PostcardRenderer.Card(card.front(), card.message(), renderer.addressLines(address)));
            printed.add(queued.deliveryId());
            int index = printed.size();
            manifest.add(List.of(String.valueOf(queued.deliveryId()), batch.fileName(), String.valueOf(2 * index - 1),
                    String.valueOf(2 * index), design.id(), design.size().label(), externalId(model), address.name(),
                    address.line1(), address.line2(), address.city(), address.region(), address.postalCode(),
                    address.country()));
        }
        Path runFolder = folder.resolve(String.valueOf(batch.runId()));
        if (!cards.isEmpty()) {
            String title = "Girard postcards, run " + batch.runId() + ", " + batch.fileName();
            try {
                Files.createDirectories(runFolder);
                String css = style;
                Path pdf = writeIncomplete(batch.fileName(), out -> renderer.render(design, css, cards, title, out));
                Path csv = writeIncomplete(manifestName(batch.fileName()), out -> manifest(manifest, out));
                if (stopping) {
                    // stopping: leave the batch recorded as unfinished; the next start writes it again
                    Files.deleteIfExists(pdf);
                    Files.deleteIfExists(csv);
                    return false;
                }
                moveIntoPlace(csv, runFolder.resolve(manifestName(batch.fileName())));
                moveIntoPlace(pdf, runFolder.resolve(batch.fileName()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write postcard batch " + runFolder.resolve(batch.fileName()), e);
            }
        }
        store.printed(batch, printed, costMicros);
        runs.finishIfDone(batch.runId());
        LOG.info("Postcards: {} cards of run {} in {}", printed.size(), batch.runId(), runFolder.resolve(batch.fileName()));
        return true;
    }

    static String manifestName(String pdfName) {
        return pdfName.substring(0, pdfName.length() - ".pdf".length()) + ".csv";
    }

    @SuppressWarnings("unchecked")
    private static String externalId(Map<String, Object> model) {
        Object id = ((Map<String, Object>) model.get("customer")).get("externalId");
        return id == null ? "" : id.toString();
    }

    private static void manifest(List<List<String>> rows, OutputStream out) throws IOException {
        var writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(MANIFEST_HEADER).get())) {
            for (List<String> row : rows) {
                csv.printRecord(row);
            }
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file under .incomplete/ and forces it to disk; returns its path. */
    private Path writeIncomplete(String name, Content content) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1 << 20);
        content.writeTo(bytes);
        Path dir = folder.resolve(INCOMPLETE);
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        return file;
    }

    /** Moves a complete file into the run's folder in one step, replacing an earlier attempt's copy. */
    private static void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The postcard folder " + to.getParent() + " and " + from.getParent()
                    + " must be on one file system, so that a batch appears complete or not at all", e);
        }
        try (FileChannel dir = FileChannel.open(to.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a folder; the move itself is still atomic
        }
    }

    private void deleteIncomplete() {
        Path dir = folder.resolve(INCOMPLETE);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("Could not clear {}: {}", dir, e.getMessage());
        }
    }

    /** Stops after the batch in hand; a batch not yet moved into place is written again at the next start. */
    @Override
    public synchronized void close() {
        stopping = true;
        wake();
        if (thread != null) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
