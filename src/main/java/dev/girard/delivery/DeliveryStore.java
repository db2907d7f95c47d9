package dev.girard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.channel.Recorded;
import dev.girard.db.Dialect;
import dev.girard.db.WriteGate;

/**
 * The outbox. A row is written before its message goes out ({@code pending}, due at {@code not_before}),
 * leased to one worker ({@code sending}) while the channel is called, and updated right after: {@code sent},
 * {@code retry} (due again later), {@code failed}, {@code suppressed}, {@code capped} or {@code skipped};
 * a batch channel's rows wait as {@code queued} until the channel records them {@code sent}.
 * Rows of a paused run wait as {@code paused}; a cancelled run's unsent rows become {@code cancelled};
 * {@code held_out} rows record the customers a holdout group kept back.
 */
public final class DeliveryStore {
    /** Statuses of rows that still have to go out (or be decided); {@code queued} waits for its channel's batch. */
    static final String OPEN = "'pending', 'sending', 'retry', 'paused', 'queued'";

    // One delivery per campaign, customer and occurrence: a second insert for the same key does nothing.
    // Many rows a statement (11 parameters each, well inside both databases' limits), positional, bound
    // without Jdbi: planning writes every row of an audience through here.
    private static final String INSERT_INTO = """
            INSERT INTO deliveries (run_id, campaign_id, customer_id, occurrence_key, channel, status, not_before,
                address, last_error, created_at, updated_at)
            VALUES """;
    private static final String INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_CONFLICT = " ON CONFLICT (campaign_id, customer_id, occurrence_key) DO NOTHING";
    private static final int ROWS_PER_INSERT = 100;
    // The next due rows of one status (%s: 'pending' or 'retry', written out so that the status's own queue
    // index is used), oldest due first. The claim's statements are positional: they run on the gate's
    // connection (no named-parameter work per row) for every chunk of every worker.
    private static final String DUE = """
            SELECT id FROM deliveries WHERE status = '%s' AND not_before <= ? ORDER BY not_before, id LIMIT ?
            """;
    private static final String DUE_PENDING = DUE.formatted("pending");
    private static final String DUE_RETRY = DUE.formatted("retry");
    // Lease one of those rows to one worker, found by its key (given the ids together, SQLite walked every
    // row of the status instead); the status check keeps two claimers apart.
    private static final String LEASE = """
            UPDATE deliveries SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1,
                updated_at = ?
            WHERE id = ? AND status = ?
            """;
    // The rows a claim just leased.
    private static final String CLAIMED = """
            SELECT id, run_id, campaign_id, customer_id, occurrence_key, channel, attempts, created_at
            FROM deliveries WHERE lease_owner = ? AND status = 'sending' ORDER BY id
            """;
    // Where rows can be skipped (PostgreSQL): lease the oldest due rows of one status that no other claimer
    // holds, in one statement; rows another node is leasing at this moment are passed over, not waited for.
    private static final String LEASE_SKIPPING_LOCKED = """
            UPDATE deliveries SET status = 'sending', lease_owner = :owner, lease_until = :until,
                attempts = attempts + 1, updated_at = :now
            WHERE id IN (SELECT id FROM deliveries WHERE status = '%s' AND not_before <= :now
                         ORDER BY not_before, id LIMIT :limit FOR UPDATE SKIP LOCKED)
            RETURNING id, run_id, campaign_id, customer_id, occurrence_key, channel, attempts, created_at
            """;
    // Record the outcome of one send (and, when sent, the node that sent it), only while the lease is still
    // ours. Positional: it runs once per message as a plain prepared statement (see Recorder). A row handed
    // back because its run was paused or cancelled (status 'stopped') takes the run's status as it is when
    // the outcome is written, not as the worker last saw it: a run resumed in between gets it back as pending.
    private static final String FINISH = """
            UPDATE deliveries SET status = COALESCE(NULLIF(?, 'stopped'), (SELECT CASE WHEN r.status IN
                    ('paused', 'cancelled') THEN r.status END FROM runs r WHERE r.id = deliveries.run_id), 'pending'),
                address = COALESCE(?, address), message_id = ?, last_error = ?,
                sent_at = ?, sent_by = ?, cost_micros = ?, not_before = ?, attempts = attempts - ?, lease_owner = NULL,
                lease_until = NULL, updated_at = ?
            WHERE id = ? AND lease_owner = ?
            """;

    private final Jdbi jdbi;
    private final Clock clock;
    private final WriteGate gate;
    private final boolean skipLocked;
    // Outcomes handed over by any worker of this process, waiting for the next group commit.
    private final ConcurrentLinkedQueue<Finish> waiting = new ConcurrentLinkedQueue<>();
    // Outcomes handed over without waiting (see Later) are committed by this thread, started at the first.
    private final Semaphore submitted = new Semaphore(0);
    private volatile Thread committer;
    private Recorder committerRecorder;

    public DeliveryStore(Jdbi jdbi, Clock clock, WriteGate gate, Dialect dialect) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.gate = gate;
        this.skipLocked = dialect.skipsLockedRows();
    }

    /**
     * A planned delivery on the channel chosen for the customer: {@code pending} (to send), {@code held_out}
     * (recorded, never sent), or closed at once as {@code skipped} or {@code suppressed} with the reason when
     * no channel of the campaign reaches the customer.
     */
    public record Planned(long customerId, String occurrenceKey, String channel, String status, String address,
            String reason) {
        public static Planned pending(long customerId, String occurrenceKey, String channel) {
            return new Planned(customerId, occurrenceKey, channel, "pending", null, null);
        }
    }

    /**
     * Writes one batch of planned deliveries; returns how many were new. On PostgreSQL the batch is one
     * transaction; on SQLite each statement's rows are, behind the writers queued at the gate (see
     * {@link WriteGate#transactionBehind}), so that the workers' claims and outcomes never wait for more than
     * {@value #ROWS_PER_INSERT} planned rows. A batch cut short is planned again whole when its run's
     * planning resumes: the rows already written are kept as they are ({@code ON CONFLICT DO NOTHING}).
     */
    public int insert(long runId, long campaignId, List<Planned> batch) {
        int rowsPerTransaction = gate.serialises() ? ROWS_PER_INSERT : batch.size();
        int inserted = 0;
        try {
            for (int from = 0; from < batch.size(); from += rowsPerTransaction) {
                List<Planned> rows = batch.subList(from, Math.min(batch.size(), from + rowsPerTransaction));
                inserted += gate.transactionBehind(jdbi, statements -> insert(statements, runId, campaignId, rows));
            }
            return inserted;
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Cannot write " + batch.size() + " planned deliveries of run " + runId
                    + ": " + e.getMessage(), e);
        }
    }

    private int insert(WriteGate.Statements statements, long runId, long campaignId, List<Planned> batch)
            throws SQLException {
        long now = clock.millis();
        int inserted = 0;
        for (int from = 0; from < batch.size(); from += ROWS_PER_INSERT) {
            int rows = Math.min(ROWS_PER_INSERT, batch.size() - from);
            PreparedStatement statement = statements.prepare(insertSql(rows));
            bindRows(statement, runId, campaignId, now, batch, from, rows);
            inserted += statement.executeUpdate();
        }
        return inserted;
    }

    private static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(INSERT_INTO.length() + rows * (INSERT_ROW.length() + 2) + 80)
                .append(INSERT_INTO);
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(INSERT_ROW);
        }
        return sql.append(INSERT_CONFLICT).toString();
    }

    private static void bindRows(PreparedStatement statement, long runId, long campaignId, long now, List<Planned> batch,
            int from, int rows) throws SQLException {
        int i = 1;
        for (int r = from; r < from + rows; r++) {
            Planned p = batch.get(r);
            statement.setLong(i++, runId);
            statement.setLong(i++, campaignId);
            statement.setLong(i++, p.customerId());
            statement.setString(i++, p.occurrenceKey());
            statement.setString(i++, p.channel());
            statement.setString(i++, p.status());
            if (p.status().equals("pending")) {
                statement.setLong(i++, now);
            } else {
                statement.setNull(i++, Types.BIGINT);
            }
            statement.setString(i++, p.address());
            statement.setString(i++, p.reason());
            statement.setLong(i++, now);
            statement.setLong(i++, now);
        }
    }

    /** Leases up to {@code limit} due rows (retries first) to {@code owner} until the lease expires. */
    public List<Delivery> claim(String owner, long leaseMillis, int limit) {
        if (skipLocked) {
            return claimSkippingLocked(owner, leaseMillis, limit);
        }
        // positional statements, prepared once on the gate's connection: every worker claims through here
        try {
            return gate.transaction(jdbi, statements -> {
                long now = clock.millis();
                int claimed = claim(statements, "retry", owner, now, leaseMillis, limit);
                if (claimed < limit) {
                    claim(statements, "pending", owner, now, leaseMillis, limit - claimed);
                }
                List<Delivery> leased = new ArrayList<>(limit);
                PreparedStatement query = statements.prepare(CLAIMED);
                query.setString(1, owner);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        leased.add(delivery(rs));
                    }
                }
                return leased;
            });
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Cannot claim deliveries for " + owner + ": " + e.getMessage(), e);
        }
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("campaign_id"), rs.getLong("customer_id"),
                rs.getString("occurrence_key"), rs.getString("channel"), rs.getInt("attempts"), rs.getLong("created_at"));
    }

    private List<Delivery> claimSkippingLocked(String owner, long leaseMillis, int limit) {
        return jdbi.inTransaction(h -> {
            long now = clock.millis();
            List<Delivery> claimed = new ArrayList<>(leaseSkippingLocked(h, "retry", owner, now, leaseMillis, limit));
            if (claimed.size() < limit) {
                claimed.addAll(leaseSkippingLocked(h, "pending", owner, now, leaseMillis, limit - claimed.size()));
            }
            claimed.sort(Comparator.comparingLong(Delivery::id));
            return claimed;
        });
    }

    private static List<Delivery> leaseSkippingLocked(Handle h, String status, String owner, long now, long leaseMillis,
            int limit) {
        return h.createQuery(LEASE_SKIPPING_LOCKED.formatted(status)).bind("owner", owner)
                .bind("until", now + leaseMillis).bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new Delivery(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("campaign_id"),
                        rs.getLong("customer_id"), rs.getString("occurrence_key"), rs.getString("channel"),
                        rs.getInt("attempts"), rs.getLong("created_at")))
                .list();
    }

    private static int claim(WriteGate.Statements statements, String status, String owner, long now, long leaseMillis,
            int limit) throws SQLException {
        List<Long> ids = new ArrayList<>(limit);
        PreparedStatement due = statements.prepare(status.equals("retry") ? DUE_RETRY : DUE_PENDING);
        due.setLong(1, now);
        due.setInt(2, limit);
        try (ResultSet rs = due.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        int leased = 0;
        PreparedStatement lease = statements.prepare(LEASE);
        for (long id : ids) {
            lease.setString(1, owner);
            lease.setLong(2, now + leaseMillis);
            lease.setLong(3, now);
            lease.setLong(4, id);
            lease.setString(5, status);
            leased += lease.executeUpdate();
        }
        return leased;
    }

    /**
     * Records outcomes for one worker's chunk. Each outcome is committed before its call returns, or, through
     * {@link Recorder#later()}, before the {@link Recorded} it returns says so, so a crash can repeat at most
     * the message a connection has in flight; outcomes recorded at the same moment share one transaction (see
     * {@link #commitWaiting}). The recorder is its worker's; a {@link Later} may be used by any thread.
     */
    public Recorder recorder() {
        return new Recorder();
    }

    /** One outcome waiting to be committed, and whether (and how) its commit ended. */
    private static final class Finish implements Recorded {
        final Object[] values;
        final CountDownLatch done = new CountDownLatch(1);
        volatile RuntimeException failure;

        Finish(Object[] values) {
            this.values = values;
        }

        @Override
        public void await() {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the outcome was being recorded", e);
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * Hands an outcome to the committer thread, which commits it with whatever else is waiting (see
     * {@link #commitWaiting}) while its worker goes on.
     */
    private void submit(Finish own) {
        waiting.add(own);
        if (committer == null) {
            startCommitter();
        }
        submitted.release();
    }

    private synchronized void startCommitter() {
        if (committer == null) {
            committerRecorder = new Recorder();
            Thread thread = new Thread(this::commitSubmitted, "girard-outcomes");
            thread.setDaemon(true);
            thread.start();
            committer = thread;
        }
    }

    /**
     * Stops the committer thread once what was handed to it is committed (the workers wait for their outcomes
     * before they stop, so nothing is left by then).
     */
    public void close() {
        Thread thread;
        synchronized (this) {
            thread = committer;
            committer = null;
        }
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committerRecorder.close();
    }

    private void commitSubmitted() {
        while (true) {
            boolean stopping = false;
            try {
                submitted.acquire();
            } catch (InterruptedException e) {
                stopping = true;
            }
            submitted.drainPermits();
            gate.run(() -> commitGroup(committerRecorder));
            if (stopping) {
                return;
            }
        }
    }

    /**
     * Group commit: under the write gate, whoever comes first commits every outcome waiting at that moment,
     * its own and those of workers that queued behind the gate meanwhile, in one transaction; the others
     * find theirs committed when their turn comes. Each caller still returns only once its own outcome is
     * committed (or its group failed), so nothing is acknowledged earlier than with a commit per outcome,
     * while the transaction cost is shared by all the workers finishing a send at about the same time.
     */
    private void commitWaiting(Recorder recorder, Finish own) {
        waiting.add(own);
        gate.run(() -> {
            if (own.done.getCount() != 0) {
                commitGroup(recorder);
            }
        });
        // with the gate open (PostgreSQL) another worker may be committing this outcome right now
        own.await();
    }

    /** Commits every outcome waiting at this moment in one transaction on {@code recorder}'s connection. */
    private void commitGroup(Recorder recorder) {
        List<Finish> group = new ArrayList<>();
        for (Finish f; (f = waiting.poll()) != null;) {
            group.add(f);
        }
        if (group.isEmpty()) {
            return;
        }
        RuntimeException failure = null;
        boolean committed = false;
        try {
            recorder.commitGroup(group);
            committed = true;
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (!committed && failure == null) {
                failure = new IllegalStateException("the commit of " + group.size() + " outcomes stopped");
            }
            // whatever happened, nobody waits forever for a group that is over
            for (Finish f : group) {
                f.failure = failure;
                f.done.countDown();
            }
        }
    }

    /**
     * The outcomes a worker records, each ending one leased delivery. How an outcome is committed is the
     * kind's: at once ({@link Recorder}) or handed to the committer thread ({@link Later}).
     */
    public abstract class Outcomes {
        private Outcomes() {
        }

        /** Sent, at what cost in millionths of the currency unit. */
        public void sent(long id, String owner, String address, String messageId, long costMicros) {
            finish(id, owner, "sent", address, messageId, null, clock.millis(), null, false, costMicros);
        }

        /** Accepted by a batch channel (postcards), which records it as sent once its batch is out. */
        public void queued(long id, String owner, String address) {
            finish(id, owner, "queued", address, null, null, null, null, false, null);
        }

        /** Ends a delivery without sending: failed, suppressed, capped or skipped, with the reason. */
        public void closed(long id, String owner, String status, String address, String reason) {
            finish(id, owner, status, address, null, reason, null, null, false, null);
        }

        /** Due again at {@code notBefore} (epoch ms) after a temporary failure. */
        public void retryLater(long id, String owner, String address, String error, long notBefore) {
            finish(id, owner, "retry", address, null, error, null, notBefore, false, null);
        }

        /** Put back unsent until {@code notBefore}, e.g. by the frequency cap; this did not count as an attempt. */
        public void defer(long id, String owner, String reason, long notBefore) {
            finish(id, owner, "pending", null, null, reason, null, notBefore, true, null);
        }

        /**
         * Handed back unsent because its run was paused or cancelled: the row takes the run's status at the
         * moment of writing (paused or cancelled), or goes back to pending if the run was resumed meanwhile.
         */
        public void stopped(long id, String owner) {
            finish(id, owner, "stopped", null, null, null, null, clock.millis(), true, null);
        }

        private void finish(long id, String owner, String status, String address, String messageId, String error,
                Long sentAt, Long notBefore, boolean notAnAttempt, Long costMicros) {
            commit(id, new Finish(new Object[] {status, address, messageId, error, sentAt,
                    sentAt == null ? null : nodeOf(owner), costMicros, notBefore, notAnAttempt ? 1 : 0, clock.millis(),
                    id, owner}));
        }

        abstract void commit(long id, Finish own);
    }

    private static IllegalStateException notRecorded(long id, RuntimeException e) {
        return new IllegalStateException("Cannot record the outcome of delivery " + id + ": " + e.getMessage(), e);
    }

    /**
     * At most one outcome, handed to the committer thread without waiting: the worker goes on, and waits
     * with {@link #recorded()} where it must (before the next message can be accepted). Made by
     * {@link Recorder#later()} for one message; any thread may record through it.
     */
    public final class Later extends Outcomes {
        private volatile Recorded handedOver = Recorded.DONE;

        private Later() {
        }

        @Override
        void commit(long id, Finish own) {
            submit(own);
            handedOver = () -> {
                try {
                    own.await();
                } catch (RuntimeException e) {
                    throw notRecorded(id, e);
                }
            };
        }

        /** When the outcome recorded through this is committed ({@link Recorded#DONE} if none was). */
        public Recorded recorded() {
            return handedOver;
        }
    }

    /**
     * Records the outcomes of one worker's chunk, each committed before its call returns (see
     * {@link #commitWaiting}); {@link #later()} hands one over without waiting.
     */
    public final class Recorder extends Outcomes implements AutoCloseable {
        // PostgreSQL: this recorder's own connection, opened at its first group (SQLite writes on the gate's)
        private Handle handle;
        private PreparedStatement finish;

        private Recorder() {
        }

        /** For one message's outcome, committed while the worker goes on (see {@link Later}). */
        public Later later() {
            return new Later();
        }

        @Override
        void commit(long id, Finish own) {
            try {
                commitWaiting(this, own);
            } catch (RuntimeException e) {
                throw notRecorded(id, e);
            }
        }

        /**
         * Writes a group of outcomes (this worker's and others') in one transaction: on SQLite on the write gate's
         * connection, on PostgreSQL on this recorder's own.
         */
        private void commitGroup(List<Finish> group) {
            if (gate.serialises()) {
                gate.transaction(jdbi, statements -> {
                    write(statements.prepare(FINISH), group);
                    return null;
                });
                return;
            }
            if (handle == null) {
                handle = jdbi.open();
            }
            Connection connection = handle.getConnection();
            try {
                if (finish == null) {
                    finish = connection.prepareStatement(FINISH);
                }
                if (group.size() == 1) {
                    write(finish, group);
                    return;
                }
                connection.setAutoCommit(false);
                try {
                    write(finish, group);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        private static void write(PreparedStatement finish, List<Finish> group) throws SQLException {
            for (Finish f : group) {
                Object[] v = f.values;
                finish.setString(1, (String) v[0]);
                finish.setString(2, (String) v[1]);
                finish.setString(3, (String) v[2]);
                finish.setString(4, (String) v[3]);
                finish.setObject(5, v[4], Types.BIGINT);
                finish.setString(6, (String) v[5]);
                finish.setObject(7, v[6], Types.BIGINT);
                finish.setObject(8, v[7], Types.BIGINT);
                finish.setInt(9, (Integer) v[8]);
                finish.setLong(10, (Long) v[9]);
                finish.setLong(11, (Long) v[10]);
                finish.setString(12, (String) v[11]);
                finish.executeUpdate();
            }
        }

        @Override
        public void close() {
            if (handle == null) {
                return;
            }
            try {
                if (finish != null) {
                    finish.close();
                }
            } catch (SQLException e) {
                // the connection goes back to the pool (or is discarded) either way
            } finally {
                handle.close();
            }
        }
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
                + "lease_until = NULL, not_before = COALESCE(not_before, :now), updated_at = :now WHERE status = 'sending'"
                + condition).bind("now", clock.millis()).execute());
    }

    /**
     * Returns to pending the rows left paused under a run that is sending again. A worker handing a row back
     * reads the run's status as it writes, but on PostgreSQL a resume committing at that very instant can
     * still miss the row; this sweep, run with the lease check, puts it back in the queue.
     *
     * @return the number of rows returned
     */
    public int resumeStrayPausedRows() {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET status = 'pending', updated_at = :now "
                + "WHERE status = 'paused' AND run_id IN (SELECT id FROM runs WHERE status = 'sending')")
                .bind("now", clock.millis()).execute());
    }

    /**
     * Returns to pending the rows leased by workers of nodes that are not among {@code liveNodes}: nodes that
     * died (their in-flight messages may have gone out; the rest go out once, from another node).
     *
     * @return the number of rows released
     */
    public int releaseLeasesOfNodesOtherThan(Set<String> liveNodes) {
        List<String> orphaned = jdbi.withHandle(h -> h.createQuery(
                "SELECT DISTINCT lease_owner FROM deliveries WHERE status = 'sending' AND lease_owner IS NOT NULL")
                .mapTo(String.class).list()).stream()
                .filter(owner -> !liveNodes.contains(nodeOf(owner))).toList();
        if (orphaned.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET status = 'pending', lease_owner = NULL, "
                + "lease_until = NULL, not_before = COALESCE(not_before, :now), updated_at = :now "
                + "WHERE status = 'sending' AND lease_owner IN (<owners>)")
                .bindList("owners", orphaned).bind("now", clock.millis()).execute());
    }

    /** The node of a lease owner named {@code node/worker}. */
    static String nodeOf(String owner) {
        int slash = owner.lastIndexOf('/');
        return slash < 0 ? owner : owner.substring(0, slash);
    }

    /** Returns rows leased to {@code owner} but not yet sent to pending, for a worker that stops early. */
    public int release(String owner) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET status = 'pending', lease_owner = NULL, "
                + "lease_until = NULL, attempts = attempts - 1, updated_at = :now WHERE lease_owner = :owner AND status = 'sending'")
                .bind("owner", owner).bind("now", clock.millis()).execute());
    }

    /**
     * For each of these customers, when their sent contacts since {@code windowStart} were made, oldest
     * first: what the frequency cap counts. One query for a worker's whole chunk.
     */
    public Map<Long, List<Long>> recentContacts(Collection<Long> customerIds, long windowStart) {
        Map<Long, List<Long>> contacts = new HashMap<>();
        if (customerIds.isEmpty()) {
            return contacts;
        }
        jdbi.useHandle(h -> h.createQuery("""
                SELECT customer_id, sent_at FROM deliveries
                WHERE customer_id IN (<ids>) AND status = 'sent' AND sent_at > :since ORDER BY sent_at""")
                .bindList("ids", new ArrayList<>(customerIds)).bind("since", windowStart)
                .map((rs, ctx) -> Map.entry(rs.getLong("customer_id"), rs.getLong("sent_at")))
                .forEach(e -> contacts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
        return contacts;
    }
}
