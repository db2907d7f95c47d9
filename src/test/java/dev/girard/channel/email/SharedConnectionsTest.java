package dev.girard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.channel.Recorded;
import dev.girard.customer.Customer;
import dev.girard.render.MessageModel;
import dev.girard.support.FlakySmtpServer;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/**
 * Workers share the SMTP connections, and a message's verdict is read with the next message on its connection,
 * whichever worker sends that one. The worker that sent a message hears its outcome on the reader's thread,
 * and its flush (at the end of its chunk, before it claims more rows) returns only once every one of its
 * outcomes is recorded: a row still leased to it would otherwise be claimed, and sent, again.
 */
class SharedConnectionsTest {
    @TempDir
    Path dir;

    private FlakySmtpServer smtp;
    private App app;
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final String testThread = Thread.currentThread().getName();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    private void start(int connections) throws Exception {
        smtp = FlakySmtpServer.start().pipelining(true);
        // as many workers as connections: a connection lets one message be accepted and not recorded
        app = TestApps.serve(TestApps.smtpConfig(dir, smtp.port(), Map.of("girard.smtp.connections",
                String.valueOf(connections), "girard.delivery.workers", String.valueOf(connections))));
    }

    @Test
    void the_next_worker_on_a_connection_reads_the_last_verdict_and_hands_it_to_the_worker_that_sent_it()
            throws Exception {
        start(1);
        Channel.Connection a = app.email.open();
        Channel.Connection b = app.email.open();

        a.send(card(1), record("1", Recorded.DONE));
        assertThat(smtp.awaitReceived(1, Duration.ofSeconds(10))).isTrue();
        assertThat(outcomes).as("the verdict is read with the next message on the connection").isEmpty();

        b.send(card(2), record("2", Recorded.DONE));
        assertThat(outcomes).as("b's message read a's verdict").containsExactly("1 sent on the test's thread");
        a.flush();

        b.flush();
        assertThat(outcomes).containsExactly("1 sent on the test's thread", "2 sent on the test's thread");
        assertThat(smtp.received()).extracting(r -> r.recipients().get(0))
                .containsExactly("customer1@example.org", "customer2@example.org");
        assertThat(smtp.connectionsOpened()).as("one connection carried both").isEqualTo(1);
        a.close();
        b.close();
    }

    @Test
    void a_flush_waits_for_every_outcome_of_its_worker_not_only_the_last() throws Exception {
        start(2);
        Channel.Connection a = app.email.open();
        Channel.Connection b = app.email.open();
        CountDownLatch firstCommitted = new CountDownLatch(1);

        // a's first message goes out on the first connection; its record will take until firstCommitted
        a.send(card(1), record("1", () -> Waiting.released(firstCommitted, "the first commit")));
        // b's message takes that connection and reads the verdict; b waits for that record before its own end
        // of data, so b keeps the connection meanwhile
        CompletableFuture<Void> bSends = on("b", () -> b.send(card(2), record("2", Recorded.DONE)));
        Waiting.until("b to read a's first verdict", Duration.ofSeconds(10), () -> outcomes.contains("1 sent on b"),
                read -> read);
        // a's second message opens the second connection
        a.send(card(3), record("3", Recorded.DONE));
        assertThat(smtp.awaitReceived(2, Duration.ofSeconds(10))).isTrue();

        CompletableFuture<Void> aFlushes = on("a-flush", a::flush);
        Thread.sleep(500);
        assertThat(outcomes).as("a's flush read its last verdict itself from the idle connection")
                .contains("3 sent on a-flush");
        assertThat(aFlushes).as("a's first outcome is not recorded yet").isNotDone();

        firstCommitted.countDown();
        aFlushes.get(10, TimeUnit.SECONDS);
        bSends.get(10, TimeUnit.SECONDS);
        b.flush();
        assertThat(outcomes).containsExactlyInAnyOrder("1 sent on b", "3 sent on a-flush",
                "2 sent on the test's thread");
        assertThat(smtp.received()).extracting(r -> r.recipients().get(0)).containsExactlyInAnyOrder(
                "customer1@example.org", "customer2@example.org", "customer3@example.org");
        a.close();
        b.close();
    }

    /** Notes each outcome with the thread that heard it, and answers with {@code recorded}. */
    private Function<Outcome, Recorded> record(String name, Recorded recorded) {
        return outcome -> {
            String thread = Thread.currentThread().getName();
            outcomes.add(name + " " + outcome.kind().name().toLowerCase() + " on "
                    + (thread.equals(testThread) ? "the test's thread" : thread));
            return recorded;
        };
    }

    /** Runs {@code task} on a new thread of that name. */
    private static CompletableFuture<Void> on(String thread, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new Thread(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, thread).start();
        return done;
    }

    private Outgoing card(int n) {
        Customer customer = new Customer((long) n, "c" + n, "Kim" + n, "Lee", "customer" + n + "@example.org", null, null,
                null, null, null, null, null, null, "en-GB", null, Map.of(), null, null);
        Map<String, Object> model = MessageModel.of(customer, "Card", "2026-12",
                ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC), app.sender, "");
        return new Outgoing(n, 1, 1, customer, customer.email(), "monthly-card", model);
    }
}
