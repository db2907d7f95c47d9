package dev.girard.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.NotFoundException;

/** Runs and their counts, which are read from the deliveries so they can never drift from them. */
public final class RunStore {
    // A run with its delivery counts by status.
    private static final String SELECT = """
            SELECT r.id, r.campaign_id, r.occurrence_key, r.trigger_type, r.status, r.fire_time, r.audience, r.planned,
                   r.error, r.started_at, r.finished_at,
                   (SELECT COUNT(*) FROM deliveries d WHERE d.run_id = r.id AND d.status = 'sent') AS sent,
                   (SELECT COUNT(*) FROM deliveries d WHERE d.run_id = r.id AND d.status = 'failed') AS failed,
                   (SELECT COUNT(*) FROM deliveries d WHERE d.run_id = r.id AND d.status = 'skipped') AS skipped,
                   (SELECT COUNT(*) FROM deliveries d WHERE d.run_id = r.id AND d.status IN ('pending', 'sending')) AS pending
            FROM runs r
            """;
    // Finish a run once none of its deliveries is left to send.
    private static final String FINISH_IF_DONE = """
            UPDATE runs SET status = 'finished', finished_at = :now
            WHERE id = :id AND status = 'sending'
              AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.run_id = :id AND d.status IN ('pending', 'sending'))
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public RunStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public long create(long campaignId, String occurrenceKey, String trigger, Instant fireTime) {
        return jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO runs (campaign_id, occurrence_key, trigger_type, status, fire_time, started_at)
                VALUES (:campaignId, :key, :trigger, 'planning', :fireTime, :now)""")
                .bind("campaignId", campaignId).bind("key", occurrenceKey).bind("trigger", trigger)
                .bind("fireTime", fireTime.toEpochMilli()).bind("now", clock.millis())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** Planning is done: record the audience and the deliveries created, and start sending. */
    public void planned(long runId, int audience) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE runs SET status = 'sending', audience = :audience,
                    planned = (SELECT COUNT(*) FROM deliveries d WHERE d.run_id = :id)
                WHERE id = :id""").bind("id", runId).bind("audience", audience).execute());
    }

    public void failed(long runId, String error) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE runs SET status = 'failed', error = :error, finished_at = :now WHERE id = :id")
                .bind("id", runId).bind("error", error).bind("now", clock.millis()).execute());
    }

    /** @return true if this call finished the run */
    public boolean finishIfDone(long runId) {
        return jdbi.withHandle(h -> h.createUpdate(FINISH_IF_DONE).bind("id", runId).bind("now", clock.millis()).execute()) > 0;
    }

    /** The moment a run was fired for, which sets the month and year its messages are written for. */
    public Instant fireTime(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT fire_time FROM runs WHERE id = :id").bind("id", runId)
                .mapTo(Long.class).findOne().map(Instant::ofEpochMilli)
                .orElseThrow(() -> new NotFoundException("No run " + runId)));
    }

    public Optional<Run> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE r.id = :id").bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    public Run get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("No run " + id));
    }

    /** Newest first; all campaigns when campaignId is null. */
    public List<Run> list(Long campaignId, int limit) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery(SELECT + (campaignId == null ? "" : " WHERE r.campaign_id = :campaignId")
                    + " ORDER BY r.id DESC LIMIT :limit");
            if (campaignId != null) {
                query.bind("campaignId", campaignId);
            }
            return query.bind("limit", limit).map((rs, ctx) -> map(rs)).list();
        });
    }

    /** Runs a crash or stop interrupted: still planning, or still sending. */
    public List<Long> unfinished(String status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM runs WHERE status = :status ORDER BY id")
                .bind("status", status).mapTo(Long.class).list());
    }

    private static Run map(ResultSet rs) throws SQLException {
        int audience = rs.getInt("audience");
        int planned = rs.getInt("planned");
        boolean plannedYet = !rs.getString("status").equals(Run.PLANNING);
        int alreadyContacted = plannedYet ? Math.max(0, audience - planned) : 0;
        long finished = rs.getLong("finished_at");
        return new Run(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("occurrence_key"),
                rs.getString("trigger_type"), rs.getString("status"), Instant.ofEpochMilli(rs.getLong("fire_time")),
                audience, planned, rs.getInt("sent"), rs.getInt("failed"), rs.getInt("skipped") + alreadyContacted,
                alreadyContacted, rs.getInt("pending"), rs.getString("error"),
                Instant.ofEpochMilli(rs.getLong("started_at")), rs.wasNull() || finished == 0 ? null : Instant.ofEpochMilli(finished));
    }
}
