package dev.girard.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import dev.girard.core.ConflictException;
import dev.girard.core.Json;
import dev.girard.core.NotFoundException;

/** Campaigns in the database, with optimistic locking on the version column. */
public final class CampaignStore {
    private static final String COLUMNS = "id, name, segment, segment_params, channel, template, cron, time_zone, status, "
            + "holdout_percent, cap_exempt, valid_days, version, created_at, updated_at";
    // A new campaign starts at version 1.
    private static final String INSERT = """
            INSERT INTO campaigns (name, segment, segment_params, channel, template, cron, time_zone, status,
                holdout_percent, cap_exempt, valid_days, version, created_at, updated_at)
            VALUES (:name, :segment, :segmentParams, :channel, :template, :cron, :timeZone, :status,
                :holdoutPercent, :capExempt, :validDays, 1, :now, :now)
            """;
    // Replace a campaign only if nobody changed it since the given version was read.
    private static final String UPDATE = """
            UPDATE campaigns SET name = :name, segment = :segment, segment_params = :segmentParams, channel = :channel,
                template = :template, cron = :cron, time_zone = :timeZone, status = :status,
                holdout_percent = :holdoutPercent, cap_exempt = :capExempt, valid_days = :validDays, version = version + 1,
                updated_at = :now
            WHERE id = :id AND version = :version
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public CampaignStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public Campaign insert(Campaign c) {
        long id = jdbi.withHandle(h -> bind(h.createUpdate(INSERT), c)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return get(id);
    }

    /** @throws ConflictException when the stored version is not {@code c.version()} */
    public Campaign update(Campaign c) {
        int rows = jdbi.withHandle(h -> bind(h.createUpdate(UPDATE), c)
                .bind("id", c.id()).bind("version", c.version())
                .execute());
        if (rows == 0) {
            Campaign current = get(c.id());
            throw new ConflictException("Campaign " + c.id() + " was changed by someone else (now version "
                    + current.version() + ", you edited version " + c.version() + "); reload it and apply your change again");
        }
        return get(c.id());
    }

    public Optional<Campaign> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM campaigns WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    public Campaign get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("No campaign " + id));
    }

    /** Every campaign that is not archived. */
    public List<Campaign> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM campaigns WHERE status <> 'archived' ORDER BY id")
                .map((rs, ctx) -> map(rs)).list());
    }

    private Update bind(Update update, Campaign c) {
        return update.bind("name", c.name()).bind("segment", c.segment())
                .bind("segmentParams", Json.write(c.segmentParams())).bind("channel", c.channel())
                .bind("template", c.template()).bind("cron", c.cron()).bind("timeZone", c.timeZone())
                .bind("status", c.status().id()).bind("holdoutPercent", c.holdoutPercent())
                .bind("capExempt", c.capExempt()).bind("validDays", c.validDays()).bind("now", clock.millis());
    }

    private static Campaign map(ResultSet rs) throws SQLException {
        return new Campaign(rs.getLong("id"), rs.getString("name"), rs.getString("segment"),
                Json.readObject(rs.getString("segment_params"), "segmentParams"), rs.getString("channel"),
                rs.getString("template"), rs.getString("cron"), rs.getString("time_zone"),
                CampaignStatus.parse(rs.getString("status")), rs.getInt("holdout_percent"), rs.getBoolean("cap_exempt"),
                rs.getInt("valid_days"), rs.getInt("version"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
