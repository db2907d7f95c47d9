package dev.girard.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jdbi.v3.core.Jdbi;

/**
 * SQLite lets one transaction write at a time; a second writer waits in SQLite's busy handler, which sleeps
 * a millisecond or more per try. The delivery workers write after every message, so they queue here, in
 * memory, instead: no sleeping, no lost turns. On PostgreSQL, which runs writers side by side, the gate is open.
 *
 * <p>On SQLite the busiest of those writers (the outbox's claims, outcomes and planned rows, see
 * {@link #transaction}) also share one connection of the gate's own, with their statements prepared once.
 * A SQLite connection drops its whole page cache whenever another connection has written since its last
 * transaction; writers taking turns on pooled connections therefore read the pages they change from the
 * file again for every transaction. On the one connection, only the changes of others (rare: an API call,
 * a pause) cost that.
 *
 * <p>Writers that nobody waits for (planning, see {@link #transactionBehind}) let the writers queued at the
 * gate go first: while a worker waits for its outcome's commit, the SMTP connection it sends on stands idle.
 */
public final class WriteGate implements AutoCloseable {
    // How long a writer behind the others lets them go first at most, so that it is never shut out
    private static final long BEHIND_AT_MOST_MILLIS = 20;

    private final ReentrantLock lock;
    // Signalled when a writer leaves the gate with nobody queued behind it (guarded by lock)
    private final Condition clear;
    private int behind;
    // SQLite: the connection of the writers that use transaction(); statements prepared on it, by SQL text
    private final Connection shared;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    /** A gate; {@code shared} (SQLite) serialises the writers and is their connection, null (PostgreSQL) opens it. */
    WriteGate(Connection shared) {
        this.lock = shared != null ? new ReentrantLock() : null;
        this.clear = lock != null ? lock.newCondition() : null;
        this.shared = shared;
    }

    /** Whether writers take turns here (SQLite) rather than run side by side (PostgreSQL). */
    public boolean serialises() {
        return lock != null;
    }

    public <T> T write(Supplier<T> work) {
        if (lock == null) {
            return work.get();
        }
        lock.lock();
        try {
            return work.get();
        } finally {
            unlock();
        }
    }

    /** Leaves the gate; the last writer out with writers behind it (see {@link #transactionBehind}) wakes them. */
    private void unlock() {
        if (behind > 0 && lock.getHoldCount() == 1 && !lock.hasQueuedThreads()) {
            clear.signalAll();
        }
        lock.unlock();
    }

    public void run(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Statements of one transaction, prepared on its connection and closed with it or by the gate: callers must
     * not close them.
     */
    @FunctionalInterface
    public interface Statements {
        PreparedStatement prepare(String sql) throws SQLException;
    }

    /** Work in one transaction. */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(Statements statements) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws: on SQLite
     * in turn on the gate's connection, with statements prepared once and kept; on PostgreSQL on a pooled
     * connection of {@code jdbi}, side by side with other writers.
     *
     * @throws IllegalStateException with the database's message when the work or the commit fails
     */
    public <T> T transaction(Jdbi jdbi, Transaction<T> work) {
        if (shared == null) {
            return jdbi.inTransaction(h -> {
                Connection connection = h.getConnection();
                try {
                    return work.run(connection::prepareStatement);
                } catch (SQLException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
        }
        lock.lock();
        try {
            execute("BEGIN IMMEDIATE");
            T result;
            try {
                result = work.run(this::cached);
                execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(e);
                throw e;
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            unlock();
        }
    }

    /**
     * A {@link #transaction} for work nobody waits on: on SQLite it begins only once no other writer is queued
     * at the gate (or after {@value #BEHIND_AT_MOST_MILLIS} ms of letting them go first), so each of them waits
     * for at most one such transaction. Keep the work short: it still holds the gate while it runs.
     */
    public <T> T transactionBehind(Jdbi jdbi, Transaction<T> work) {
        if (shared == null) {
            return transaction(jdbi, work);
        }
        lock.lock();
        try {
            // called within this thread's own turn at the gate: others may not write in the middle of it
            if (lock.getHoldCount() == 1) {
                letQueuedGoFirst();
            }
            return transaction(jdbi, work);
        } finally {
            unlock();
        }
    }

    private void letQueuedGoFirst() {
        long left = TimeUnit.MILLISECONDS.toNanos(BEHIND_AT_MOST_MILLIS);
        behind++;
        try {
            while (lock.hasQueuedThreads() && left > 0) {
                left = clear.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            // write now rather than lose the work; the caller sees the interrupt afterwards
            Thread.currentThread().interrupt();
        } finally {
            behind--;
        }
    }

    private PreparedStatement cached(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = shared.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    private void execute(String sql) throws SQLException {
        cached(sql).execute();
    }

    private void rollback(Exception cause) {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction is open any more: SQLite rolled it back itself (as after a full disk)
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        if (shared == null) {
            return;
        }
        lock.lock();
        try {
            for (PreparedStatement statement : prepared.values()) {
                try {
                    statement.close();
                } catch (SQLException e) {
                    // closing the connection below ends it either way
                }
            }
            prepared.clear();
            shared.close();
        } catch (SQLException e) {
            // nothing is left to write on it: the transactions above were committed or rolled back
        } finally {
            unlock();
        }
    }
}
