package dev.girard.channel.postcard;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import dev.girard.db.WriteGate;

/**
 * The print queue: cards waiting for a batch, the batches, and the outbox rows they settle. A batch and
 * its cards are written before the batch's file, so the file can always be made again exactly.
 */
final class PostcardStore {
    // Queue a card once per delivery; the run comes from the delivery. A second call (a send repeated after
    // a stop) keeps the first card.
    private static final String QUEUE = """
            INSERT INTO postcards (delivery_id, run_id, customer_id, design, template, model, created_at)
            SELECT id, run_id, :customerId, :design, :template, :model, :now FROM deliveries WHERE id = :deliveryId
            ON CONFLICT (delivery_id) DO NOTHING
            """;
    // The design of a card already queued for this delivery.
    private static final String DESIGN_OF = "SELECT design FROM postcards WHERE delivery_id = :deliveryId";
    // The design of the customer's latest card before this delivery, printed or about to be.
    private static final String PREVIOUS_DESIGN = """
            SELECT p.design FROM postcards p JOIN deliveries d ON d.id = p.delivery_id
            WHERE p.customer_id = :customerId AND p.delivery_id < :deliveryId AND d.status IN ('queued', 'sent')
            ORDER BY p.delivery_id DESC LIMIT 1
            """;
    // Cards waiting for a batch, by run and design.
    private static final String WAITING = """
            SELECT p.run_id, p.design, COUNT(*) AS cards, r.status AS run_status
            FROM postcards p JOIN deliveries d ON d.id = p.delivery_id JOIN runs r ON r.id = p.run_id
            WHERE p.batch_id IS NULL AND d.status = 'queued'
            GROUP BY p.run_id, p.design, r.status ORDER BY p.run_id, p.design
            """;
    // Rows of a run the delivery workers may still queue now: being sent, or due.
    private static final String IN_FLIGHT = """
            SELECT COUNT(*) FROM deliveries
            WHERE run_id = :runId AND (status = 'sending' OR (status IN ('pending', 'retry') AND not_before <= :now))
            """;
    // The oldest waiting cards of a run and design.
    private static final String NEXT_CARDS = """
            SELECT p.delivery_id FROM postcards p JOIN deliveries d ON d.id = p.delivery_id
            WHERE p.batch_id IS NULL AND p.run_id = :runId AND p.design = :design AND d.status = 'queued'
            ORDER BY p.delivery_id LIMIT :limit
            """;
    // A new batch of a run, numbered after its last one.
    private static final String NEW_BATCH = """
            INSERT INTO postcard_batches (run_id, number, file_name, design, cards, status, created_at)
            VALUES (:runId, :number, :fileName, :design, :cards, 'writing', :now)
            """;
    // A card's place in its batch.
    private static final String PLACE = "UPDATE postcards SET batch_id = :batchId, position = :position WHERE delivery_id = :deliveryId";
    // A batch's cards in print order.
    private static final String CARDS_OF = """
            SELECT delivery_id, template, model, position FROM postcards WHERE batch_id = :batchId ORDER BY position
            """;
    // The card's outbox row is sent: its batch file is complete and in place.
    private static final String SENT = """
            UPDATE deliveries SET status = 'sent', sent_at = :now, message_id = :messageId, cost_micros = :cost,
                updated_at = :now
            WHERE id = :deliveryId AND status = 'queued'
            """;
    // A card that cannot be printed (its template fails for it) leaves its batch and fails.
    private static final String FAILED = """
            UPDATE deliveries SET status = 'failed', last_error = :error, updated_at = :now
            WHERE id = :deliveryId AND status = 'queued'
            """;
    // Cards of a cancelled run that have no batch yet are not printed.
    private static final String CANCEL_WAITING = """
            UPDATE deliveries SET status = 'cancelled', updated_at = :now
            WHERE status = 'queued' AND id IN (SELECT delivery_id FROM postcards WHERE run_id = :runId AND batch_id IS NULL)
            """;

    /** Cards of one run and design waiting for a batch. */
    record Waiting(long runId, int design, int cards, String runStatus) {
    }

    /** A batch: its run, number, file name and design. */
    record Batch(long id, long runId, int number, String fileName, int design) {
    }

    /** A card of a batch: its delivery, template and the data model it was queued with (JSON). */
    record QueuedCard(long deliveryId, String template, String model, int position) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final WriteGate gate;

    PostcardStore(Jdbi jdbi, Clock clock, WriteGate gate) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.gate = gate;
    }

    Optional<Integer> previousDesign(long customerId, long deliveryId) {
        return jdbi.withHandle(h -> h.createQuery(PREVIOUS_DESIGN).bind("customerId", customerId)
                .bind("deliveryId", deliveryId).mapTo(Integer.class).findOne());
    }

    /** Queues a card; returns the design it is printed with (the first one, if it was queued before). */
    int queue(long deliveryId, long customerId, int design, String template, String model) {
        return gate.write(() -> jdbi.inTransaction(h -> {
            h.createUpdate(QUEUE).bind("deliveryId", deliveryId).bind("customerId", customerId).bind("design", design)
                    .bind("template", template).bind("model", model).bind("now", clock.millis()).execute();
            return h.createQuery(DESIGN_OF).bind("deliveryId", deliveryId).mapTo(Integer.class).one();
        }));
    }

    List<Waiting> waiting() {
        return jdbi.withHandle(h -> h.createQuery(WAITING)
                .map((rs, ctx) -> new Waiting(rs.getLong("run_id"), rs.getInt("design"), rs.getInt("cards"),
                        rs.getString("run_status")))
                .list());
    }

    /** True while the delivery workers may still queue cards of this run now. */
    boolean inFlight(long runId) {
        return jdbi.withHandle(h -> h.createQuery(IN_FLIGHT).bind("runId", runId).bind("now", clock.millis())
                .mapTo(Integer.class).one()) > 0;
    }

    /**
     * Writes a new batch of up to {@code limit} waiting cards of a run and design, in one transaction.
     *
     * @param fileName names the file from the batch number and the design
     * @return the batch, or empty if no card was waiting
     */
    Optional<Batch> newBatch(long runId, int design, int limit, java.util.function.IntFunction<String> fileName) {
        return gate.write(() -> jdbi.inTransaction(h -> {
            List<Long> cards = h.createQuery(NEXT_CARDS).bind("runId", runId).bind("design", design).bind("limit", limit)
                    .mapTo(Long.class).list();
            if (cards.isEmpty()) {
                return Optional.<Batch>empty();
            }
            int number = h.createQuery("SELECT COALESCE(MAX(number), 0) + 1 FROM postcard_batches WHERE run_id = :runId")
                    .bind("runId", runId).mapTo(Integer.class).one();
            String name = fileName.apply(number);
            long id = h.createUpdate(NEW_BATCH).bind("runId", runId).bind("number", number).bind("fileName", name)
                    .bind("design", design).bind("cards", cards.size()).bind("now", clock.millis())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            PreparedBatch place = h.prepareBatch(PLACE);
            for (int i = 0; i < cards.size(); i++) {
                place.bind("batchId", id).bind("position", i + 1).bind("deliveryId", cards.get(i)).add();
            }
            place.execute();
            return Optional.of(new Batch(id, runId, number, name, design));
        }));
    }

    /** Batches whose file was being written when the server stopped. */
    List<Batch> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT id, run_id, number, file_name, design FROM postcard_batches WHERE status = 'writing' ORDER BY id""")
                .map((rs, ctx) -> new Batch(rs.getLong("id"), rs.getLong("run_id"), rs.getInt("number"),
                        rs.getString("file_name"), rs.getInt("design")))
                .list());
    }

    List<QueuedCard> cards(long batchId) {
        return jdbi.withHandle(h -> h.createQuery(CARDS_OF).bind("batchId", batchId)
                .map((rs, ctx) -> new QueuedCard(rs.getLong("delivery_id"), rs.getString("template"),
                        rs.getString("model"), rs.getInt("position")))
                .list());
    }

    /** A card its template cannot print: it fails with the reason and leaves the batch. */
    void failed(long deliveryId, String error) {
        gate.run(() -> jdbi.useTransaction(h -> {
            h.createUpdate(FAILED).bind("deliveryId", deliveryId).bind("error", error).bind("now", clock.millis()).execute();
            h.createUpdate("UPDATE postcards SET batch_id = NULL, position = NULL WHERE delivery_id = :deliveryId")
                    .bind("deliveryId", deliveryId).execute();
        }));
    }

    /**
     * The batch file is complete and in place: its cards are sent, each with its place in the file as the
     * message id ({@code batch-0001-6x9.pdf#3}: the third card, pages 5 and 6), at the cost of one card.
     */
    void printed(Batch batch, List<Long> deliveryIds, long costMicros) {
        gate.run(() -> jdbi.useTransaction(h -> {
            long now = clock.millis();
            PreparedBatch sent = h.prepareBatch(SENT);
            for (int i = 0; i < deliveryIds.size(); i++) {
                sent.bind("deliveryId", deliveryIds.get(i)).bind("messageId", batch.fileName() + "#" + (i + 1))
                        .bind("cost", costMicros).bind("now", now).add();
            }
            if (!deliveryIds.isEmpty()) {
                sent.execute();
            }
            h.createUpdate("UPDATE postcard_batches SET status = 'printed', cards = :cards, printed_at = :now WHERE id = :id")
                    .bind("cards", deliveryIds.size()).bind("now", now).bind("id", batch.id()).execute();
        }));
    }

    /** Cards of a cancelled run that are not in a batch yet are not printed. */
    int cancelWaiting(long runId) {
        return gate.write(() -> jdbi.withHandle(h -> h.createUpdate(CANCEL_WAITING).bind("runId", runId)
                .bind("now", clock.millis()).execute()));
    }

}
