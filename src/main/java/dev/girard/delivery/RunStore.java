package dev.girard.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.db.WriteGate;

import dev.girard.core.ConflictException;
import dev.girard.core.NotFoundException;

/** Runs and their progress, which is counted from the deliveries so it can never drift from them. */
public final class RunStore {
    private static final long RATE_WINDOW_MILLIS = 10_000;
    private static final String COLUMNS = "id, campaign_id, occurrence_key, trigger_type, status, fire_time, audience, "
            + "planned, error, paused_reason, started_at, finished_at";
    // A delivery of run :id that is still to be sent.
    private static final String ANY_OPEN = "SELECT 1 FROM deliveries d WHERE d.run_id = :id AND d.status IN ("
            + DeliveryStore.OPEN + ") LIMIT 1";
    // Finish a run once none of its deliveries is left to send.
    private static final String FINISH_IF_DONE = """
            UPDATE runs SET status = 'finished', finished_at = :now
            WHERE id = :id AND status = 'sending' AND NOT EXISTS (%s)
            """.formatted(ANY_OPEN);

    // A new run; ON CONFLICT: the campaign's scheduled run for this occurrence exists already (runs_scheduled_once).
    private static final String CREATE = """
            INSERT INTO runs (campaign_id, occurrence_key, trigger_type, status, fire_time, started_at, planner)
            VALUES (:campaignId, :key, :trigger, 'planning', :fireTime, :now, :planner)
            ON CONFLICT DO NOTHING
            RETURNING id
            """;

    private final Jdbi jdbi;
    private final Clock clock;
    private final WriteGate gate;
    private final Recount recount;
    // per run: the counts by status of a run that took long to count, until they are counted again
    private final Map<Long, Counted> counted = new ConcurrentHashMap<>();

    public RunStore(Jdbi jdbi, Clock clock, WriteGate gate) {
        this(jdbi, clock, gate, Recount.DEFAULT);
    }

    RunStore(Jdbi jdbi, Clock clock, WriteGate gate, Recount recount) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.gate = gate;
        this.recount = recount;
    }

    /**
     * When a run's counts by status are counted again. Counting reads every entry of the run in its index: at a
     * million rows, a tenth of a second or more, and the admin page and API clients ask every second while a run
     * goes on. So the counts of a run of at least {@code fromRows} rows are kept for {@code factor} times as long
     * as they took to count (at most {@code atMostNanos}) while the run's status stays the same: the progress of
     * a large run then costs at most a {@code factor}-th of a core. Smaller runs are counted on every call.
     */
    record Recount(int fromRows, long factor, long atMostNanos) {
        static final Recount DEFAULT = new Recount(50_000, 20, TimeUnit.SECONDS.toNanos(5));
    }

    private record Counted(String status, Map<String, Integer> counts, long untilNanos) {
    }

    /**
     * Creates a run that {@code planner} (a node) plans.
     *
     * @return the new run's id; empty for a scheduled run when the campaign has one for this occurrence already
     *         (two nodes fired the same trigger: the first one wins)
     */
    public Optional<Long> create(long campaignId, String occurrenceKey, String trigger, Instant fireTime, String planner) {
        return jdbi.withHandle(h -> h.createQuery(CREATE)
                .bind("campaignId", campaignId).bind("key", occurrenceKey).bind("trigger", trigger)
                .bind("fireTime", fireTime.toEpochMilli()).bind("now", clock.millis()).bind("planner", planner)
                .mapTo(Long.class).findOne());
    }

    /** The scheduled run of a campaign for an occurrence, unless it failed. */
    public Optional<Long> findScheduled(long campaignId, String occurrenceKey) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT id FROM runs WHERE campaign_id = :campaignId AND occurrence_key = :key
                  AND trigger_type = 'schedule' AND status <> 'failed'""")
                .bind("campaignId", campaignId).bind("key", occurrenceKey).mapTo(Long.class).findOne());
    }

    /** The runs being planned, with the node planning each (empty text when none is recorded). */
    public Map<Long, String> planners() {
        Map<Long, String> planners = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, planner FROM runs WHERE status = 'planning' ORDER BY id")
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getString("planner") == null ? "" : rs.getString("planner")))
                .forEach(e -> planners.put(e.getKey(), e.getValue())));
        return planners;
    }

    /** Moves the planning of a run from a node that died to {@code node}; false if another node was quicker. */
    public boolean takeOverPlanning(long runId, String from, String node) {
        return jdbi.withHandle(h -> h.createUpdate("""
                UPDATE runs SET planner = :node
                WHERE id = :id AND status = 'planning' AND COALESCE(planner, '') = :from""")
                .bind("id", runId).bind("from", from).bind("node", node).execute()) > 0;
    }

    /** Planning is done: record the audience and the deliveries created, and start sending (unless paused or cancelled meanwhile). */
    public void planned(long runId, int audience) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE runs SET status = CASE WHEN status = 'planning' THEN 'sending' ELSE status END, audience = :audience,
                    planned = (SELECT COUNT(*) FROM deliveries d WHERE d.run_id = :id)
                WHERE id = :id""").bind("id", runId).bind("audience", audience).execute());
    }

    public void failed(long runId, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET status = 'failed', error = :error, finished_at = :now WHERE id = :id")
                .bind("id", runId).bind("error", error).bind("now", clock.millis()).execute());
    }

    /** @return true if this call finished the run */
    public boolean finishIfDone(long runId) {
        // the workers ask after every chunk, and almost always rows remain: a read answers that without
        // taking the write lock, which the outcomes of every other worker wait for
        boolean open = jdbi.withHandle(h -> h.createQuery(ANY_OPEN).bind("id", runId).mapTo(Integer.class)
                .findOne()).isPresent();
        return !open && gate.write(() -> jdbi.withHandle(h -> h.createUpdate(FINISH_IF_DONE).bind("id", runId)
                .bind("now", clock.millis()).execute())) > 0;
    }

    /** Pauses a sending run: its waiting deliveries stay put until it is resumed. */
    public Run pause(long runId, String reason) {
        jdbi.useTransaction(h -> {
            requireStatus(h, runId, "pause", Run.SENDING, Run.PLANNING);
            pause(h, runId, reason, Long.MAX_VALUE);
        });
        return get(runId);
    }

    /**
     * Pauses a sending or planning run and its waiting rows, unless it was resumed at or after
     * {@code unlessResumedSince} (epoch ms).
     *
     * @return whether the run was paused
     */
    private boolean pause(Handle h, long runId, String reason, long unlessResumedSince) {
        boolean paused = h.createUpdate("""
                UPDATE runs SET status = 'paused', paused_reason = :reason
                WHERE id = :id AND status IN ('sending', 'planning') AND (resumed_at IS NULL OR resumed_at < :since)""")
                .bind("id", runId).bind("reason", reason).bind("since", unlessResumedSince).execute() > 0;
        if (paused) {
            moveRows(h, runId, "'pending', 'retry'", "paused");
        }
        return paused;
    }

    /**
     * Pauses a run whose sends keep failing alike (while sending, or while its first rows go out during
     * planning, as {@link #pause} does), unless it was resumed after {@code failingSince} (epoch ms, when
     * the first of those failures was recorded): failures of sends under way at the resume are not the
     * operator's fresh start failing.
     *
     * @return whether the run was paused
     */
    public boolean pauseItself(long runId, String reason, long failingSince) {
        return jdbi.inTransaction(h -> pause(h, runId, reason, failingSince));
    }

    public Run resume(long runId) {
        jdbi.useTransaction(h -> {
            requireStatus(h, runId, "resume", Run.PAUSED);
            h.createUpdate("UPDATE runs SET status = 'sending', paused_reason = NULL, resumed_at = :now WHERE id = :id")
                    .bind("id", runId).bind("now", clock.millis()).execute();
            moveRows(h, runId, "'paused'", "pending");
        });
        finishIfDone(runId);
        return get(runId);
    }

    /** Cancels a run: nothing more of it is sent; what was sent stays recorded. */
    public Run cancel(long runId) {
        jdbi.useTransaction(h -> {
            requireStatus(h, runId, "cancel", Run.SENDING, Run.PAUSED, Run.PLANNING);
            h.createUpdate("UPDATE runs SET status = 'cancelled', finished_at = :now WHERE id = :id")
                    .bind("id", runId).bind("now", clock.millis()).execute();
            moveRows(h, runId, "'pending', 'retry', 'paused'", "cancelled");
        });
        return get(runId);
    }

    private void moveRows(Handle h, long runId, String from, String to) {
        h.createUpdate("UPDATE deliveries SET status = :to, not_before = :now, updated_at = :now "
                + "WHERE run_id = :runId AND status IN (" + from + ")")
                .bind("to", to).bind("runId", runId).bind("now", clock.millis()).execute();
    }

    private static void requireStatus(Handle h, long runId, String action, String... allowed) {
        String status = h.createQuery("SELECT status FROM runs WHERE id = :id").bind("id", runId).mapTo(String.class)
                .findOne().orElseThrow(() -> new NotFoundException("No run " + runId));
        if (!List.of(allowed).contains(status)) {
            throw new ConflictException("Run " + runId + " is " + status + " and cannot " + action
                    + " (only a run that is " + String.join(" or ", allowed) + ")");
        }
    }

    /** The moment a run was fired for, which sets the month and year its messages are written for. */
    public Instant fireTime(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT fire_time FROM runs WHERE id = :id").bind("id", runId)
                .mapTo(Long.class).findOne().map(Instant::ofEpochMilli)
                .orElseThrow(() -> new NotFoundException("No run " + runId)));
    }

    /** A run's status alone: what the workers check between messages, so a pause or cancel stops them. */
    public String status(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT status FROM runs WHERE id = :id").bind("id", runId)
                .mapTo(String.class).findOne().orElse(Run.CANCELLED));
    }

    public Optional<Run> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> new RunRow(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("occurrence_key"),
                        rs.getString("trigger_type"), rs.getString("status"), rs.getLong("fire_time"), rs.getInt("audience"),
                        rs.getInt("planned"), rs.getString("error"), rs.getString("paused_reason"), rs.getLong("started_at"),
                        nullableLong(rs, "finished_at")))
                .findOne().map(row -> withCounts(h, row)));
    }

    public Run get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("No run " + id));
    }

    /** Newest first; all campaigns when campaignId is null. */
    public List<Run> list(Long campaignId, int limit) {
        List<Long> ids = jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT id FROM runs" + (campaignId == null ? "" : " WHERE campaign_id = :campaignId")
                    + " ORDER BY id DESC LIMIT :limit");
            if (campaignId != null) {
                query.bind("campaignId", campaignId);
            }
            return query.bind("limit", limit).mapTo(Long.class).list();
        });
        return ids.stream().map(this::get).toList();
    }

    /** Runs in the given status (a stop interrupts planning and sending ones). */
    public List<Long> withStatus(String status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM runs WHERE status = :status ORDER BY id")
                .bind("status", status).mapTo(Long.class).list());
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private record RunRow(long id, long campaignId, String occurrenceKey, String trigger, String status, long fireTime,
            int audience, int planned, String error, String pausedReason, long startedAt, Long finishedAt) {
    }

    /** The run's deliveries by status, counted now or, for a large run, lately (see {@link Recount}). */
    private Map<String, Integer> countsByStatus(Handle h, RunRow r) {
        long start = System.nanoTime();
        Counted last = counted.get(r.id());
        if (last != null && last.status().equals(r.status()) && start - last.untilNanos() < 0) {
            return last.counts();
        }
        Map<String, Integer> counts = new HashMap<>();
        h.createQuery("SELECT status, COUNT(*) AS n FROM deliveries WHERE run_id = :id GROUP BY status")
                .bind("id", r.id()).map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getInt("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        long end = System.nanoTime();
        if (counts.values().stream().mapToLong(Integer::longValue).sum() >= recount.fromRows()) {
            long keep = Math.min(recount.atMostNanos(), (end - start) * recount.factor());
            counted.put(r.id(), new Counted(r.status(), Map.copyOf(counts), end + keep));
        } else if (last != null) {
            counted.remove(r.id());
        }
        return counts;
    }

    private Run withCounts(Handle h, RunRow r) {
        Map<String, Integer> counts = countsByStatus(h, r);
        long now = clock.millis();
        // Deferred rows are few: found through the queue of pending rows by their due time, not among every
        // pending row of the run (a run's rows are nearly all pending when it starts); the unary plus keeps the
        // run's index out of it. Rows sent lately are found by the run's index, which ends in sent_at.
        int deferred = h.createQuery("SELECT COUNT(*) FROM deliveries WHERE +run_id = :id AND status = 'pending' "
                + "AND not_before > :now")
                .bind("id", r.id()).bind("now", now).mapTo(Integer.class).one();
        int recent = h.createQuery("SELECT COUNT(*) FROM deliveries WHERE run_id = :id AND status = 'sent' AND sent_at > :since")
                .bind("id", r.id()).bind("since", now - RATE_WINDOW_MILLIS).mapTo(Integer.class).one();
        double rate = recent * 1000.0 / RATE_WINDOW_MILLIS;
        int remaining = counts.getOrDefault("pending", 0) + counts.getOrDefault("sending", 0)
                + counts.getOrDefault("paused", 0) + counts.getOrDefault("queued", 0);
        boolean plannedYet = !r.status().equals(Run.PLANNING);
        int alreadyContacted = plannedYet ? Math.max(0, r.audience() - r.planned()) : 0;
        Long eta = remaining == 0 ? Long.valueOf(0) : rate > 0 ? Long.valueOf(Math.round(remaining / rate)) : null;
        return new Run(r.id(), r.campaignId(), r.occurrenceKey(), r.trigger(), r.status(), Instant.ofEpochMilli(r.fireTime()),
                r.audience(), r.planned(), counts.getOrDefault("sent", 0), counts.getOrDefault("failed", 0),
                counts.getOrDefault("retry", 0), counts.getOrDefault("suppressed", 0), counts.getOrDefault("held_out", 0),
                counts.getOrDefault("capped", 0), counts.getOrDefault("skipped", 0), counts.getOrDefault("cancelled", 0),
                alreadyContacted, remaining + counts.getOrDefault("retry", 0), deferred, rate, eta, r.error(),
                r.pausedReason(), Instant.ofEpochMilli(r.startedAt()),
                r.finishedAt() == null ? null : Instant.ofEpochMilli(r.finishedAt()));
    }
}
