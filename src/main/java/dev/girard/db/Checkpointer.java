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
 * SQLite: copies the write-ahead log into the database on a thread and a connection of its own, once the log
 * holds enough that is not copied yet. Left to SQLite, that copy (a checkpoint) runs inside the commit that
 * takes the log past its size limit, and it first flushes the whole log to disk: with the write gate's
 * connection (see {@link WriteGate}) that is one outcome's commit taking a tenth of a second or more, while
 * every other claim and outcome waits at the gate and the SMTP connections stand idle. A passive checkpoint
 * here waits for no writer and no reader, and no writer waits for it; the log stays below the writers' own
 * limit, so their checkpoints become a backstop that a busy run does not reach.
 *
 * <p>It looks at the log often ({@code PRAGMA wal_checkpoint(NOOP)}, SQLite 3.51 and later, only reads how many
 * frames the log holds and how many are copied) and copies only past a number of frames, not on a clock: a
 * page that many commits change is then copied once for all of them. Copying on a clock (four times a
 * second) wrote about 40 % more blocks during a customer import than SQLite's own checkpoints.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final int framesAtLeast;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "girard-checkpoints");
        t.setDaemon(true);
        return t;
    });

    private Checkpointer(Connection connection, int framesAtLeast) {
        this.connection = connection;
        this.framesAtLeast = framesAtLeast;
    }

    /**
     * Every {@code lookEveryMillis}, on {@code connection} (which it closes when it stops), checkpoints if the
     * log holds at least {@code framesAtLeast} frames (pages) not copied into the database yet.
     */
    static Checkpointer start(Connection connection, long lookEveryMillis, int framesAtLeast) {
        Checkpointer checkpointer = new Checkpointer(connection, framesAtLeast);
        checkpointer.thread.scheduleWithFixedDelay(checkpointer::checkpointIfDue, lookEveryMillis, lookEveryMillis,
                TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    private void checkpointIfDue() {
        try (Statement statement = connection.createStatement()) {
            // columns: blocked (1 if a checkpoint could not finish), frames in the log, frames copied
            try (ResultSet log = statement.executeQuery("PRAGMA wal_checkpoint(NOOP)")) {
                if (!log.next() || log.getInt(2) - log.getInt(3) < framesAtLeast) {
                    return;
                }
            }
            try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                if (result.next() && result.getInt(1) != 0) {
                    LOG.debug("A checkpoint was blocked before it had copied the whole log");
                }
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
