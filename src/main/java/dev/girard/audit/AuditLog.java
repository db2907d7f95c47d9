package dev.girard.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.Json;

/** Who changed which campaign, template, segment or user, when, with the state before and after. */
public final class AuditLog {
    private final Jdbi jdbi;
    private final Clock clock;

    /** One change; {@code before} and {@code after} are JSON, null when the thing was created or removed. */
    public record Entry(long id, Instant at, String user, String action, String entityType, String entityId,
            String before, String after) {
    }

    public AuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Records a change; before and after are written as JSON (maps, lists, records). */
    public void record(String user, String action, String entityType, Object entityId, Object before, Object after) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO audit_log (at, user_name, action, entity_type, entity_id, before_json, after_json)
                VALUES (:at, :user, :action, :type, :id, :before, :after)""")
                .bind("at", clock.millis()).bind("user", user).bind("action", action).bind("type", entityType)
                .bind("id", String.valueOf(entityId))
                .bind("before", before == null ? null : Json.write(before))
                .bind("after", after == null ? null : Json.write(after)).execute());
    }

    /** Newest first, optionally only one kind of thing. */
    public List<Entry> recent(String entityType, int limit, int offset) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT id, at, user_name, action, entity_type, entity_id, before_json, after_json "
                    + "FROM audit_log" + (entityType == null ? "" : " WHERE entity_type = :type")
                    + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
            if (entityType != null) {
                query.bind("type", entityType);
            }
            return query.bind("limit", limit).bind("offset", offset)
                    .map((rs, ctx) -> new Entry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")),
                            rs.getString("user_name"), rs.getString("action"), rs.getString("entity_type"),
                            rs.getString("entity_id"), rs.getString("before_json"), rs.getString("after_json")))
                    .list();
        });
    }
}
