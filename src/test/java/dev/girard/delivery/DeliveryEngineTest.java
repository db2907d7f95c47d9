package dev.girard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.customer.Customer;
import dev.girard.support.Api;
import dev.girard.support.FlakySmtpServer;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/** The delivery engine against a real SMTP server that misbehaves on purpose. */
class DeliveryEngineTest {
    @TempDir
    Path dir;

    private App app;
    private FlakySmtpServer smtp;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    private App serve(Map<String, String> settings) throws Exception {
        smtp = FlakySmtpServer.start();
        Map<String, String> all = new HashMap<>(Map.of("girard.delivery.retry.first.seconds", "1"));
        all.putAll(settings);
        app = TestApps.serve(TestApps.smtpConfig(dir, smtp.port(), all));
        return app;
    }

    /** Customers c1..cN at example.org, written in one transaction. */
    private static void addCustomers(App app, int count, String prefix) {
        app.database.jdbi().useTransaction(h -> {
            for (int i = 1; i <= count; i++) {
                app.customerStore.upsert(h, new Customer(null, prefix + i, "Kim" + i, "Lee", prefix + i + "@example.org",
                        null, null, null, null, null, null, null, null, "en-GB", null, Map.of(), null, null));
            }
        });
    }

    private static long campaign(App app, String name, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "segment", "everyone-with-email",
                "template", "monthly-card", "cron", "0 0 9 1 * ?", "timeZone", "UTC", "status", "draft"));
        body.putAll(extra);
        return app.campaigns.create(body).id();
    }

    private static Run awaitStatus(App app, long runId, String status, Duration timeout) {
        return Waiting.until("run " + runId + " to be " + status, timeout, () -> app.runs.get(runId),
                run -> run.status().equals(status));
    }

    @ParameterizedTest(name = "server offers PIPELINING: {0}")
    @ValueSource(booleans = {true, false})
    void temporary_failures_dropped_connections_and_rejected_recipients_end_with_one_message_per_deliverable_customer(
            boolean pipelining) throws Exception {
        serve(Map.of("girard.delivery.pause.after.failures", "1000"));
        smtp.pipelining(pipelining).tempFailFirst(6).dropEvery(2500).rejectRecipients(a -> a.matches("c\\d*7@example.org"));
        addCustomers(app, 6000, "c");
        long campaignId = campaign(app, "Card", Map.of());

        Run run = awaitStatus(app, app.runner.runNow(campaignId).id(), "finished", Duration.ofMinutes(4));

        Map<String, Integer> received = smtp.countByRecipient();
        List<String> rejected = new ArrayList<>();
        for (int i = 1; i <= 6000; i++) {
            String address = "c" + i + "@example.org";
            if (address.matches("c\\d*7@example.org")) {
                rejected.add(address);
                assertThat(received).doesNotContainKey(address);
            } else {
                assertThat(received.get(address)).as(address).isEqualTo(1);
            }
        }
        assertThat(smtp.tempFailuresSent()).isEqualTo(6);
        assertThat(smtp.dropsDone()).isGreaterThanOrEqualTo(2);
        if (pipelining) {
            assertThat(smtp.pipelinedTransactions()).as("MAIL, RCPT and DATA sent together").isPositive();
        } else {
            assertThat(smtp.pipelinedTransactions()).as("one command at a time").isZero();
        }
        assertThat(run.sent()).isEqualTo(6000 - rejected.size());
        assertThat(run.failed()).isEqualTo(rejected.size());
        assertThat(app.suppressions.reason("email", rejected.get(0))).hasValueSatisfying(r -> assertThat(r).contains("550"));
        assertThat(app.suppressions.list(1000, 0)).hasSize(rejected.size());
    }

    @Test
    void a_run_whose_sends_all_fail_alike_pauses_itself_and_says_why() throws Exception {
        serve(Map.of("girard.delivery.pause.after.failures", "5"));
        smtp.tempFailUntil(Instant.now().plusSeconds(3600));
        addCustomers(app, 50, "p");
        long runId = app.runner.runNow(campaign(app, "Card", Map.of())).id();

        Run paused = awaitStatus(app, runId, "paused", Duration.ofSeconds(30));

        assertThat(paused.pausedReason()).contains("421");
        assertThat(smtp.receivedCount()).isZero();
        smtp.tempFailUntil(Instant.now());
        app.runs.resume(runId);
        app.deliveryEngine.wake();
        assertThat(awaitStatus(app, runId, "finished", Duration.ofSeconds(60)).sent()).isEqualTo(50);
        assertThat(smtp.countByRecipient().values()).allMatch(n -> n == 1);
    }

    @Test
    void the_trigger_firing_twice_and_two_concurrent_runs_send_one_message_per_customer() throws Exception {
        serve(Map.of());
        addCustomers(app, 300, "t");
        long campaignId = campaign(app, "Card", Map.of());
        // a month that is never the current one, so the runs by hand (this month) are another occurrence
        Instant fire = Instant.parse("2025-06-01T09:00:00Z");

        var first = CompletableFuture.supplyAsync(() -> app.runner.runScheduled(campaignId, fire, "schedule"));
        var second = CompletableFuture.supplyAsync(() -> app.runner.runScheduled(campaignId, fire, "schedule"));
        var thirdByHand = CompletableFuture.supplyAsync(() -> app.runner.runNow(campaignId));
        var fourthByHand = CompletableFuture.supplyAsync(() -> app.runner.runNow(campaignId));
        List<Run> june = List.of(first.get(), second.get());
        List<Run> byHand = List.of(thirdByHand.get(), fourthByHand.get());
        for (Run run : june) {
            awaitStatus(app, run.id(), "finished", Duration.ofSeconds(60));
        }
        for (Run run : byHand) {
            awaitStatus(app, run.id(), "finished", Duration.ofSeconds(60));
        }

        assertThat(june.get(0).occurrenceKey()).isEqualTo("2025-06");
        assertThat(byHand.get(0).occurrenceKey()).isNotEqualTo("2025-06");
        assertThat(june.stream().map(Run::id).distinct()).as("the second firing finds the first one's run").hasSize(1);
        assertThat(app.runs.get(june.get(0).id()).planned()).isEqualTo(300);
        assertThat(byHand.stream().mapToInt(r -> app.runs.get(r.id()).planned()).sum()).isEqualTo(300);
        assertThat(smtp.awaitReceived(601, Duration.ofSeconds(2))).isFalse();
        assertThat(smtp.countByRecipient()).hasSize(300).allSatisfy((address, n) ->
                assertThat(n).as("June's card and this month's, once each, for " + address).isEqualTo(2));
    }

    @Test
    void under_a_cap_of_two_a_third_campaign_in_the_week_is_deferred() throws Exception {
        serve(Map.of("girard.cap.max.contacts", "2", "girard.cap.window.days", "7"));
        addCustomers(app, 1, "k");
        List<Run> runs = new ArrayList<>();
        for (String name : List.of("First", "Second", "Third")) {
            long id = campaign(app, name, Map.of());
            Run run = app.runner.runNow(id);
            runs.add(Waiting.until("run of " + name + " to be sent or deferred", Duration.ofSeconds(30),
                    () -> app.runs.get(run.id()), r -> r.sent() == 1 || r.deferred() == 1));
        }

        assertThat(smtp.awaitReceived(2, Duration.ofSeconds(10))).isTrue();
        assertThat(smtp.receivedCount()).isEqualTo(2);
        Run third = app.runs.get(runs.get(2).id());
        assertThat(third.deferred()).isEqualTo(1);
        assertThat(third.status()).isEqualTo("sending");
        long exemptId = campaign(app, "Thank you", Map.of("capExempt", true));
        Run exempt = awaitStatus(app, app.runner.runNow(exemptId).id(), "finished", Duration.ofSeconds(30));
        assertThat(exempt.sent()).as("a cap-exempt campaign still goes").isEqualTo(1);
    }

    @Test
    void a_ten_percent_holdout_holds_out_about_a_tenth_and_the_same_customers_every_run() {
        app = App.open(TestApps.config(dir, Map.of()), java.time.Clock.systemUTC());
        addCustomers(app, 10_000, "h");
        long campaignId = campaign(app, "Card", Map.of("holdoutPercent", 10));

        Run november = app.runner.runScheduled(campaignId, Instant.parse("2026-11-01T09:00:00Z"), "schedule");
        Run december = app.runner.runScheduled(campaignId, Instant.parse("2026-12-01T09:00:00Z"), "schedule");

        assertThat(november.heldOut()).isBetween(900, 1100);
        assertThat(heldOut(app, november.id())).isEqualTo(heldOut(app, december.id()));
        assertThat(november.planned()).isEqualTo(10_000);
    }

    private static Set<Long> heldOut(App app, long runId) {
        return app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT customer_id FROM deliveries WHERE run_id = :id AND status = 'held_out'")
                .bind("id", runId).mapTo(Long.class).collect(Collectors.toSet()));
    }

    @Test
    void a_customer_suppressed_while_the_run_is_going_is_not_contacted_afterwards() throws Exception {
        serve(Map.of("girard.email.rate", "20"));
        addCustomers(app, 100, "u");
        String token = app.users.addUserWithToken("m", "marketer", "test");
        Api api = new Api("http://127.0.0.1:" + app.port(), token);
        long runId = app.runner.runNow(campaign(app, "Card", Map.of())).id();
        Waiting.until("the first sends", Duration.ofSeconds(30), smtp::receivedCount, n -> n >= 10);

        Api.Response suppressed = api.post("/api/suppressions",
                "{\"channel\": \"email\", \"address\": \"U100@example.org\", \"reason\": \"unsubscribed by phone\"}");
        assertThat(suppressed.status()).as(suppressed.body()).isEqualTo(201);

        Run run = awaitStatus(app, runId, "finished", Duration.ofSeconds(60));
        assertThat(smtp.countByRecipient()).doesNotContainKey("u100@example.org").hasSize(99);
        assertThat(run.suppressed()).isEqualTo(1);
        assertThat(run.sent()).isEqualTo(99);
    }

    /**
     * The count of received messages once the workers' in-flight ones (a claimed chunk each) are through:
     * unchanged for a second. On a busy machine that takes longer than any fixed pause.
     */
    private static int settled(FlakySmtpServer smtp) throws InterruptedException {
        int last = smtp.receivedCount();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            int now = smtp.receivedCount();
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("messages kept arriving for 30 s: " + last);
    }

    @Test
    void a_paused_run_sends_nothing_until_resumed_and_a_cancelled_one_nothing_more() throws Exception {
        serve(Map.of("girard.email.rate", "50"));
        addCustomers(app, 200, "r");
        String token = app.users.addUserWithToken("m", "marketer", "test");
        Api api = new Api("http://127.0.0.1:" + app.port(), token);
        long runId = app.runner.runNow(campaign(app, "Card", Map.of())).id();
        Waiting.until("the first sends", Duration.ofSeconds(30), smtp::receivedCount, n -> n >= 10);

        assertThat(api.post("/api/runs/" + runId + "/pause", "").json().get("status").asText()).isEqualTo("paused");
        int atPause = settled(smtp);
        Thread.sleep(1500);
        assertThat(smtp.receivedCount()).as("nothing more after the in-flight ones").isEqualTo(atPause);
        var progress = api.get("/api/runs/" + runId).json();
        assertThat(progress.get("remaining").asInt()).isEqualTo(200 - atPause);

        api.post("/api/runs/" + runId + "/resume", "");
        Waiting.until("more sends", Duration.ofSeconds(30), smtp::receivedCount, n -> n >= atPause + 20);
        assertThat(api.post("/api/runs/" + runId + "/cancel", "").json().get("status").asText()).isEqualTo("cancelled");
        int atCancel = settled(smtp);
        Thread.sleep(1000);
        assertThat(smtp.receivedCount()).isEqualTo(atCancel);
        Run cancelled = app.runs.get(runId);
        assertThat(cancelled.sent() + cancelled.cancelled()).isEqualTo(200);
        assertThat(api.post("/api/runs/" + runId + "/resume", "").status()).isEqualTo(409);
    }
}
