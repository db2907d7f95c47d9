package dev.girard.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.support.TestDatabase;
import dev.girard.support.Waiting;

/** The gate on a real SQLite file: who writes first when writers queue. */
class WriteGateTest {
    @TempDir
    Path dir;

    private Database database;
    private WriteGate gate;
    private Jdbi jdbi;

    @BeforeEach
    void open() {
        database = TestDatabase.SQLITE.open(dir);
        gate = database.writeGate();
        jdbi = database.jdbi();
        jdbi.useHandle(h -> h.execute("CREATE TABLE written (seq INTEGER PRIMARY KEY AUTOINCREMENT, writer TEXT)"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_writer_behind_lets_a_writer_that_queued_after_it_go_first() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = start(() -> gate.transaction(jdbi, statements -> {
            write(statements, "holder");
            holding.countDown();
            Waiting.released(release, "the holder's release");
            return null;
        }));
        Waiting.released(holding, "the first writer in the gate");
        Thread planner = start(() -> gate.transactionBehind(jdbi, statements -> write(statements, "behind")));
        waitUntilBlocked(planner);
        Thread worker = start(() -> gate.transaction(jdbi, statements -> write(statements, "worker")));
        waitUntilBlocked(worker);

        release.countDown();
        assertFinished(holder, planner, worker);

        assertThat(writers()).containsExactly("holder", "worker", "behind");
    }

    @Test
    void a_writer_behind_within_its_threads_own_turn_lets_nobody_in_the_middle_of_that_turn() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(1);
        Thread holder = start(() -> gate.write(() -> {
            holding.countDown();
            Waiting.released(queued, "a worker queued behind the turn");
            gate.transactionBehind(jdbi, statements -> write(statements, "behind, within the turn"));
            return gate.transactionBehind(jdbi, statements -> write(statements, "behind, the turn's last"));
        }));
        Waiting.released(holding, "the first writer in the gate");
        Thread worker = start(() -> gate.transaction(jdbi, statements -> write(statements, "worker")));
        waitUntilBlocked(worker);
        queued.countDown();
        assertFinished(holder, worker);

        assertThat(writers()).containsExactly("behind, within the turn", "behind, the turn's last", "worker");
    }

    @Test
    void a_writer_behind_still_writes_while_other_writers_keep_queueing() throws Exception {
        AtomicBoolean busy = new AtomicBoolean(true);
        // two writers that take turns without a pause: one of them is nearly always queued at the gate
        List<Thread> busyWriters = List.of(1, 2).stream().map(i -> start(() -> {
            while (busy.get()) {
                gate.transaction(jdbi, statements -> {
                    write(statements, "busy");
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return null;
                });
            }
            return null;
        })).toList();
        try {
            Thread planner = start(() -> gate.transactionBehind(jdbi, statements -> write(statements, "behind")));
            planner.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(planner.isAlive()).as("the writer behind is still waiting").isFalse();
            assertThat(writers()).contains("behind");
        } finally {
            busy.set(false);
            for (Thread t : busyWriters) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    @Test
    void a_writer_behind_with_nobody_queued_writes_at_once_and_its_failure_rolls_back() {
        int written = gate.transactionBehind(jdbi, statements -> write(statements, "behind"));
        assertThat(written).isEqualTo(1);
        assertThatThrownBy(() -> gate.transactionBehind(jdbi, statements -> {
            write(statements, "rolled back");
            throw new SQLException("no such luck");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("no such luck");
        assertThat(writers()).containsExactly("behind");
    }

    private static int write(WriteGate.Statements statements, String writer) throws SQLException {
        var insert = statements.prepare("INSERT INTO written (writer) VALUES (?)");
        insert.setString(1, writer);
        return insert.executeUpdate();
    }

    private List<String> writers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT writer FROM written ORDER BY seq").mapTo(String.class).list());
    }

    @FunctionalInterface
    private interface Work {
        Object run() throws Exception;
    }

    private static Thread start(Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        return thread;
    }

    /** Each thread has ended within 10 s of the last. */
    private static void assertFinished(Thread... threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(t.isAlive()).as(t.getName()).isFalse();
        }
    }

    /** Until the thread waits at the gate (parked on its lock or its condition). */
    private static void waitUntilBlocked(Thread thread) {
        Waiting.until(thread.getName() + " to wait at the gate", Duration.ofSeconds(10), Duration.ofMillis(1),
                thread::getState, state -> state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING);
    }
}
