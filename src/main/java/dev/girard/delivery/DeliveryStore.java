package dev.girard.delivery;

import java.time.Clock;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import dev.girard.segment.Member;

/**
 * The outbox. A row is written before its message goes out ({@code pending}), leased to one worker
 * ({@code sending}) while the channel is called, and updated right after ({@code sent}, {@code failed},
 * {@code skipped}, or {@code pending} again to retry later).
 */
public final class DeliveryStore {
    // One delivery per campaign, customer and occurrence: a second insert for the same key does nothing.
    private static final String INSERT = """
            INSERT INTO deliveries (run_id, campaign_id, customer_id, occurrence_key, channel, status, created_at, updated_at)
            VALUES (:runId, :campaignId, :customerId, :occurrenceKey, :channel, 'pending', :now, :now)
            ON CONFLICT (campaign_id, customer_id, occurrence_key) DO NOTHING
            """;
    // Lease the next due rows to one worker; the status check in the outer WHERE keeps two claimers apart.
    private static final String CLAIM = """
            UPDATE deliveries SET status = 'sending', lease_owner = :owner, lease_until = :until,
                attempts = attempts + 1, updated_at = :now
            WHERE status = 'pending' AND id IN (
                SELECT id FROM deliveries
                WHERE status = 'pending' AND (not_before IS NULL OR not_before <= :now)
                ORDER BY id LIMIT :limit)
            """;
    // The rows a claim just leased.
    private static final String CLAIMED = """
            SELECT id, run_id, campaign_id, customer_id, occurrence_key, channel, attempts
            FROM deliveries WHERE lease_owner = :owner AND status = 'sending' ORDER BY id
            """;
    // Record the outcome of one send, only while the lease is still ours.
    private static final String FINISH = """
            UPDATE deliveries SET status = :status, address = :address, message_id = :messageId, last_error = :error,
                sent_at = :sentAt, not_before = :notBefore, lease_owner = NULL, lease_until = NULL, updated_at = :now
            WHERE id = :id AND lease_owner = :owner
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public DeliveryStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Writes one batch of planned deliveries in one transaction; returns how many were new. */
    public int insert(long runId, long campaignId, String channel, List<Member> members) {
        if (members.isEmpty()) {
            return 0;
        }
        return jdbi.inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch(INSERT);
            long now = clock.millis();
            for (Member m : members) {
                batch.bind("runId", runId).bind("campaignId", campaignId).bind("customerId", m.customer().id())
                        .bind("occurrenceKey", m.occurrenceKey()).bind("channel", channel).bind("now", now).add();
            }
            int inserted = 0;
            for (int rows : batch.execute()) {
                inserted += Math.max(rows, 0);
            }
            return inserted;
        });
    }

    /** Leases up to {@code limit} due rows to {@code owner} until the lease expires. */
    public List<Delivery> claim(String owner, long leaseMillis, int limit) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            h.createUpdate(CLAIM).bind("owner", owner).bind("until", now + leaseMillis).bind("now", now)
                    .bind("limit", limit).execute();
            return h.createQuery(CLAIMED).bind("owner", owner)
                    .map((rs, ctx) -> new Delivery(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("campaign_id"),
                            rs.getLong("customer_id"), rs.getString("occurrence_key"), rs.getString("channel"),
                            rs.getInt("attempts")))
                    .list();
        });
    }

    public void sent(long id, String owner, String address, String messageId) {
        finish(id, owner, "sent", address, messageId, null, clock.millis(), null);
    }

    public void failed(long id, String owner, String address, String error) {
        finish(id, owner, "failed", address, null, error, null, null);
    }

    public void skipped(long id, String owner, String reason) {
        finish(id, owner, "skipped", null, null, reason, null, null);
    }

    /** Back to pending, not to be claimed before {@code notBefore} (epoch ms). */
    public void retryLater(long id, String owner, String address, String error, long notBefore) {
        finish(id, owner, "pending", address, null, error, null, notBefore);
    }

    private void finish(long id, String owner, String status, String address, String messageId, String error,
            Long sentAt, Long notBefore) {
        jdbi.useHandle(h -> h.createUpdate(FINISH).bind("id", id).bind("owner", owner).bind("status", status)
                .bind("address", address).bind("messageId", messageId).bind("error", error).bind("sentAt", sentAt)
                .bind("notBefore", notBefore).bind("now", clock.millis()).execute());
    }

    /**
     * Returns rows whose lease ran out (their worker died) to pending. With {@code all}, every leased row:
     * right at start-up of a single node, when no other worker can hold a lease.
     *
     * @return the number of rows released
     */
    public int releaseLeases(boolean all) {
        String condition = all ? "" : " AND lease_until < :now";
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET status = 'pending', lease_owner = NULL, "
                + "lease_until = NULL, updated_at = :now WHERE status = 'sending'" + condition)
                .bind("now", clock.millis()).execute());
    }

    /** Returns rows leased to {@code owner} but not yet sent to pending, for a worker that stops early. */
    public int release(String owner) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET status = 'pending', lease_owner = NULL, "
                + "lease_until = NULL, attempts = attempts - 1, updated_at = :now WHERE lease_owner = :owner AND status = 'sending'")
                .bind("owner", owner).bind("now", clock.millis()).execute());
    }

    /** The earliest time a pending row becomes due, or null if none is pending. */
    public Long nextDue() {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT MIN(COALESCE(not_before, 0)) FROM deliveries WHERE status = 'pending'")
                .mapTo(Long.class).findOne().orElse(null));
    }
}
