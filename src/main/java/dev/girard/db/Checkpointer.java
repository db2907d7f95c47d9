package dev.girard.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite: copies the write-ahead log into the database on a thread and a connection of its own, a few times
 * a second. Left to SQLite, that copy (a checkpoint) runs inside the commit that takes the log past its
 * size limit, and it first flushes the whole log to disk: with the write gate's connection (see
 * {@link WriteGate}) that is one outcome's commit taking a tenth of a second or more, while every other
 * claim and outcome waits at the gate and the SMTP connections stand idle. A passive checkpoint here waits
 * for no writer and no reader, and no writer waits for it; the log stays short, so the writers' own
 * checkpoints, at their size limit, become a backstop that a busy run does not reach.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "girard-checkpoints");
        t.setDaemon(true);
        return t;
    });

    private Checkpointer(Connection connection) {
        this.connection = connection;
    }

    /** Checkpoints every {@code everyMillis} on {@code connection}, which it closes when it stops. */
    static Checkpointer start(Connection connection, long everyMillis) {
        Checkpointer checkpointer = new Checkpointer(connection);
        checkpointer.thread.scheduleWithFixedDelay(checkpointer::checkpoint, everyMillis, everyMillis,
                TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    private void checkpoint() {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (result.next() && result.getInt(1) != 0) {
                LOG.debug("A checkpoint was blocked before it had copied the whole log");
            }
        } catch (SQLException | RuntimeException e) {
            // the next one copies what this one did not; the writers' own checkpoints remain meanwhile
            LOG.warn("Could not copy the write-ahead log into the database: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("A checkpoint was still running when the database closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing was written on it but checkpoints, which SQLite finishes or rolls back itself
        }
    }
}
