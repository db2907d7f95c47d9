package dev.girard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

import dev.girard.campaign.Campaign;
import dev.girard.campaign.CampaignStatus;
import dev.girard.campaign.CampaignStore;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;
import dev.girard.db.Database;
import dev.girard.support.Databases;
import dev.girard.support.TestDatabase;

/** The outbox and runs: what every database must guarantee to the delivery workers. */
@ParameterizedClass(name = "{0}")
@ArgumentsSource(Databases.class)
class DeliveryStoreTest {
    private static final long LEASE = 60_000;

    @Parameter
    TestDatabase kind;
    @TempDir
    Path dir;
    private Database database;
    private DeliveryStore deliveries;
    private RunStore runs;
    private long campaignId;
    private final List<Long> customers = new ArrayList<>();

    @BeforeEach
    void open() {
        database = kind.open(dir);
        Clock clock = Clock.systemUTC();
        deliveries = new DeliveryStore(database.jdbi(), clock, database.writeGate(), database.dialect());
        runs = new RunStore(database.jdbi(), clock, database.writeGate());
        campaignId = new CampaignStore(database.jdbi(), clock).insert(new Campaign(null, "Card", "everyone-with-email",
                Map.of(), "email", "monthly-card", "0 0 9 1 * ?", "UTC", CampaignStatus.ACTIVE, 0, false, 7, 0, null, null)).id();
        CustomerStore store = new CustomerStore(database.jdbi(), clock);
        database.jdbi().useTransaction(h -> {
            for (int i = 1; i <= 300; i++) {
                store.upsert(h, new Customer(null, "C" + i, "N" + i, "L", "c" + i + "@example.org", null, null, null, null,
                        null, null, null, null, "en-GB", null, Map.of(), null, null));
            }
        });
        customers.addAll(database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM customers ORDER BY id")
                .mapTo(Long.class).list()));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private long plannedRun(String occurrence, int count) {
        long runId = runs.create(campaignId, occurrence, "manual", Instant.parse("2026-12-01T09:00:00Z"), "n").orElseThrow();
        List<DeliveryStore.Planned> batch = customers.subList(0, count).stream()
                .map(id -> DeliveryStore.Planned.pending(id, occurrence, "email")).toList();
        assertThat(deliveries.insert(runId, campaignId, batch)).as("new rows").isEqualTo(count);
        runs.planned(runId, count);
        return runId;
    }

    private void sent(long id, String owner) {
        try (DeliveryStore.Recorder outcomes = deliveries.recorder()) {
            outcomes.sent(id, owner, "x@example.org", "<m" + id + ">", 0);
        }
    }

    @Test
    void planning_the_same_occurrence_again_creates_no_second_delivery() {
        long first = plannedRun("2026-12", 300);
        long second = runs.create(campaignId, "2026-12", "manual", Instant.parse("2026-12-02T09:00:00Z"), "n").orElseThrow();
        int inserted = deliveries.insert(second, campaignId,
                customers.stream().map(id -> DeliveryStore.Planned.pending(id, "2026-12", "email")).toList());
        runs.planned(second, 300);

        assertThat(inserted).isZero();
        assertThat(runs.get(first).planned()).isEqualTo(300);
        assertThat(runs.get(second).planned()).isZero();
        assertThat(runs.get(second).alreadyContacted()).isEqualTo(300);
    }

    @Test
    void workers_claiming_at_the_same_time_each_get_different_rows_and_together_all_of_them() throws Exception {
        long runId = plannedRun("2026-12", 300);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<List<Long>>> claims = new ArrayList<>();
        for (int w = 1; w <= 6; w++) {
            String owner = "node/w" + w;
            claims.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                List<Delivery> chunk;
                while (!(chunk = deliveries.claim(owner, LEASE, 10)).isEmpty()) {
                    for (Delivery d : chunk) {
                        mine.add(d.id());
                        sent(d.id(), owner);
                    }
                }
                return mine;
            }));
        }
        List<Long> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<Long>> claim : claims) {
            all.addAll(claim.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(300).doesNotHaveDuplicates();
        assertThat(new HashSet<>(all)).hasSize(300);
        // outcomes recorded at the same moment share a commit: each one is in by the time its call returned
        Run run = runs.get(runId);
        assertThat(run.sent()).isEqualTo(300);
        assertThat(run.remaining()).isZero();
    }

    @Test
    void only_the_lease_holder_records_an_outcome_and_an_expired_lease_goes_back_to_the_queue() throws Exception {
        long runId = plannedRun("2026-12", 3);
        List<Delivery> lost = deliveries.claim("dead-node/w1", 1, 10);
        assertThat(lost).hasSize(3);
        assertThat(deliveries.claim("live-node/w1", LEASE, 10)).as("leased rows are nobody else's").isEmpty();

        sent(lost.get(0).id(), "live-node/w1");
        Thread.sleep(5);
        assertThat(deliveries.releaseLeases(false)).isEqualTo(3);
        List<Delivery> again = deliveries.claim("live-node/w1", LEASE, 10);
        assertThat(again).extracting(Delivery::id).containsExactlyElementsOf(lost.stream().map(Delivery::id).toList());
        assertThat(again).allMatch(d -> d.attempts() == 2);

        sent(lost.get(0).id(), "dead-node/w1");
        assertThat(runs.get(runId).sent()).as("the old holder's late outcome is ignored").isZero();
        again.forEach(d -> sent(d.id(), "live-node/w1"));
        assertThat(runs.finishIfDone(runId)).isTrue();
        assertThat(runs.get(runId).status()).isEqualTo(Run.FINISHED);
        assertThat(runs.get(runId).sent()).isEqualTo(3);
        List<String> senders = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT DISTINCT sent_by FROM deliveries WHERE run_id = :r").bind("r", runId).mapTo(String.class).list());
        assertThat(senders).as("the node that sent each").containsExactly("live-node");
    }

    @Test
    void retries_are_due_before_new_rows_and_deferred_rows_wait_until_their_time() {
        long runId = plannedRun("2026-12", 4);
        List<Delivery> first = deliveries.claim("n/w1", LEASE, 2);
        try (DeliveryStore.Recorder outcomes = deliveries.recorder()) {
            outcomes.retryLater(first.get(0).id(), "n/w1", "a@example.org", "421 busy", 0);
            outcomes.defer(first.get(1).id(), "n/w1", "frequency cap", System.currentTimeMillis() + 3_600_000);
        }

        List<Delivery> next = deliveries.claim("n/w1", LEASE, 10);
        assertThat(next.get(0).id()).as("the retry first").isEqualTo(first.get(0).id());
        assertThat(next).extracting(Delivery::id).doesNotContain(first.get(1).id()).hasSize(3);
        Set<String> statuses = new HashSet<>(database.jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM deliveries WHERE run_id = :r").bind("r", runId).mapTo(String.class).list()));
        assertThat(statuses).containsExactlyInAnyOrder("sending", "pending");
        assertThat(runs.get(runId).deferred()).isEqualTo(1);
    }

    @Test
    void pause_resume_and_cancel_move_the_waiting_rows_and_keep_what_was_sent() {
        long runId = plannedRun("2026-12", 10);
        Delivery one = deliveries.claim("n/w1", LEASE, 1).get(0);
        sent(one.id(), "n/w1");

        assertThat(runs.pause(runId, "by hand").status()).isEqualTo(Run.PAUSED);
        assertThat(deliveries.claim("n/w1", LEASE, 10)).isEmpty();
        assertThat(runs.resume(runId).status()).isEqualTo(Run.SENDING);
        assertThat(deliveries.claim("n/w1", LEASE, 3)).hasSize(3);
        Run cancelled = runs.cancel(runId);
        assertThat(cancelled.sent()).isEqualTo(1);
        assertThat(cancelled.cancelled()).isEqualTo(6);
        assertThat(deliveries.release("n/w1")).isEqualTo(3);
    }

    @Test
    void a_run_pauses_itself_for_failures_begun_after_its_last_resume_not_for_those_begun_before() throws Exception {
        long runId = plannedRun("2026-12", 4);
        long before = System.currentTimeMillis();
        assertThat(runs.pauseItself(runId, "paused itself: 421", before)).isTrue();
        assertThat(runs.get(runId).pausedReason()).isEqualTo("paused itself: 421");
        Thread.sleep(5);
        runs.resume(runId);

        // the late failures of sends under way when the operator resumed
        assertThat(runs.pauseItself(runId, "paused itself: 421", before)).isFalse();
        assertThat(runs.get(runId).status()).isEqualTo(Run.SENDING);
        assertThat(deliveries.claim("n/w1", LEASE, 4)).as("the rows stay claimable").hasSize(4);

        Thread.sleep(5);
        assertThat(runs.pauseItself(runId, "paused itself: 421", System.currentTimeMillis())).isTrue();
        assertThat(runs.get(runId).status()).isEqualTo(Run.PAUSED);
    }

    @Test
    void a_row_handed_back_for_a_pause_follows_the_run_as_it_is_when_written_not_as_the_worker_last_saw_it() {
        long runId = plannedRun("2026-12", 3);
        List<Delivery> held = deliveries.claim("n/w1", LEASE, 3);
        runs.pause(runId, "by hand");
        try (DeliveryStore.Recorder outcomes = deliveries.recorder()) {
            outcomes.stopped(held.get(0).id(), "n/w1");
        }
        assertThat(statusOf(held.get(0).id())).isEqualTo("paused");

        // the worker still believes the run paused, but it was resumed before the outcome was written
        runs.resume(runId);
        try (DeliveryStore.Recorder outcomes = deliveries.recorder()) {
            outcomes.stopped(held.get(1).id(), "n/w1");
        }
        assertThat(statusOf(held.get(1).id())).isEqualTo("pending");
        assertThat(deliveries.claim("n/w2", LEASE, 10)).extracting(Delivery::id)
                .containsExactlyInAnyOrder(held.get(0).id(), held.get(1).id());

        runs.cancel(runId);
        try (DeliveryStore.Recorder outcomes = deliveries.recorder()) {
            outcomes.stopped(held.get(2).id(), "n/w1");
        }
        assertThat(statusOf(held.get(2).id())).isEqualTo("cancelled");
    }

    @Test
    void the_sweep_returns_rows_left_paused_under_a_sending_run_and_leaves_a_paused_run_alone() {
        long sending = plannedRun("2026-12", 2);
        long paused = plannedRun("2027-01", 2);
        runs.pause(paused, "by hand");
        // a row a resume missed: paused while its run sends
        database.jdbi().useHandle(h -> h.createUpdate("UPDATE deliveries SET status = 'paused' WHERE id = "
                + "(SELECT MIN(id) FROM deliveries WHERE run_id = :r)").bind("r", sending).execute());

        assertThat(deliveries.resumeStrayPausedRows()).isEqualTo(1);
        assertThat(runs.get(sending).remaining()).isEqualTo(2);
        assertThat(deliveries.claim("n/w1", LEASE, 10)).hasSize(2).allMatch(d -> d.runId() == sending);
        assertThat(deliveries.resumeStrayPausedRows()).isZero();
    }

    private String statusOf(long deliveryId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT status FROM deliveries WHERE id = :id")
                .bind("id", deliveryId).mapTo(String.class).one());
    }

    @Test
    void a_campaign_runs_once_per_occurrence_on_schedule_even_when_two_nodes_fire_while_manual_runs_may_repeat() {
        Instant nine = Instant.parse("2026-12-01T09:00:00Z");
        var first = runs.create(campaignId, "2026-12", "schedule", nine, "node-a");
        var raced = runs.create(campaignId, "2026-12", "schedule", nine.plusMillis(40), "node-b");
        var nextMonth = runs.create(campaignId, "2027-01", "schedule", nine.plusSeconds(31 * 86_400), "node-b");
        var byHand = runs.create(campaignId, "2026-12", "manual", nine.plusSeconds(60), "node-b");
        var byHandAgain = runs.create(campaignId, "2026-12", "manual", nine.plusSeconds(120), "node-a");

        assertThat(first).isPresent();
        assertThat(raced).as("the second fire of the same occurrence").isEmpty();
        assertThat(runs.findScheduled(campaignId, "2026-12")).isEqualTo(first);
        assertThat(List.of(nextMonth, byHand, byHandAgain)).allMatch(java.util.Optional::isPresent);

        runs.failed(first.orElseThrow(), "the segment could not be read");
        assertThat(runs.create(campaignId, "2026-12", "schedule", nine.plusSeconds(3600), "node-a"))
                .as("a failed scheduled run does not block the next fire").isPresent();
    }

    @Test
    void the_leases_of_nodes_that_are_not_live_go_back_to_the_queue_and_the_live_ones_keep_theirs() {
        plannedRun("2026-12", 30);
        List<Delivery> live = deliveries.claim("node-a/w1", LEASE, 10);
        List<Delivery> dead = deliveries.claim("node-b/w2", LEASE, 10);

        assertThat(deliveries.releaseLeasesOfNodesOtherThan(Set.of("node-a", "node-c"))).isEqualTo(10);
        List<Delivery> reclaimed = deliveries.claim("node-c/w1", LEASE, 30);
        assertThat(reclaimed).extracting(Delivery::id).containsAll(dead.stream().map(Delivery::id).toList())
                .doesNotContainAnyElementsOf(live.stream().map(Delivery::id).toList()).hasSize(20);
    }

    @Test
    void the_planning_of_a_dead_node_moves_to_one_survivor_only() {
        long runId = runs.create(campaignId, "2026-12", "schedule", Instant.parse("2026-12-01T09:00:00Z"), "node-b")
                .orElseThrow();

        assertThat(runs.planners()).containsEntry(runId, "node-b");
        assertThat(runs.takeOverPlanning(runId, "node-b", "node-a")).isTrue();
        assertThat(runs.takeOverPlanning(runId, "node-b", "node-c")).isFalse();
        assertThat(runs.planners()).containsEntry(runId, "node-a");
        runs.planned(runId, 0);
        assertThat(runs.planners()).doesNotContainKey(runId);
    }

    @Test
    void a_large_runs_counts_are_kept_until_its_status_changes_and_a_small_runs_counted_on_every_call() {
        long runId = plannedRun("2026-12", 300);
        RunStore large = keepingLargeRunCountsFor(TimeUnit.HOURS.toNanos(1));
        assertThat(large.get(runId).sent()).isZero();

        sendTen();
        assertThat(runs.get(runId).sent()).as("300 rows are a small run by default: counted on every call")
                .isEqualTo(10);
        assertThat(large.get(runId).sent()).as("kept while the status stays the same").isZero();
        assertThat(large.get(runId).status()).isEqualTo(Run.SENDING);

        runs.pause(runId, "by hand");
        Run paused = large.get(runId);
        assertThat(paused.status()).isEqualTo(Run.PAUSED);
        assertThat(paused.sent()).as("counted again when the status changed").isEqualTo(10);
    }

    @Test
    void a_large_runs_counts_are_counted_again_once_their_time_is_up() throws Exception {
        long runId = plannedRun("2026-12", 300);
        RunStore large = keepingLargeRunCountsFor(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(large.get(runId).sent()).isZero();

        sendTen();
        Thread.sleep(100);
        assertThat(large.get(runId).sent()).isEqualTo(10);
    }

    /** A run store that takes a run of 100 rows or more for a large one, and keeps its counts {@code nanos}. */
    private RunStore keepingLargeRunCountsFor(long nanos) {
        return new RunStore(database.jdbi(), Clock.systemUTC(), database.writeGate(),
                new RunStore.Recount(100, 1_000_000, nanos));
    }

    /** Claims ten due rows and records each sent. */
    private void sendTen() {
        for (Delivery d : deliveries.claim("node/w1", LEASE, 10)) {
            sent(d.id(), "node/w1");
        }
    }
}
