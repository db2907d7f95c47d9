package dev.girard.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.InvalidInputException;
import dev.girard.core.NotFoundException;

/**
 * Addresses not to contact again on a channel, with the reason (a hard bounce's server reply, an
 * unsubscribe). Checked again right before every send, so a suppression during a run stops later sends.
 */
public final class SuppressionStore {
    // Record a suppression once; a later one for the same address keeps the first reason.
    private static final String INSERT = """
            INSERT INTO suppressions (channel, address, reason, created_at) VALUES (:channel, :address, :reason, :now)
            ON CONFLICT (channel, address) DO NOTHING
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public SuppressionStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public record Suppression(long id, String channel, String address, String reason, Instant createdAt) {
    }

    public Suppression add(String channel, String address, String reason) {
        if (channel == null || !channel.matches("email|sms|postcard")) {
            throw new InvalidInputException("channel", channel, "must be email, sms or postcard");
        }
        if (address == null || address.isBlank()) {
            throw new InvalidInputException("address", "", "is required");
        }
        String normalised = normalise(address);
        jdbi.useHandle(h -> h.createUpdate(INSERT).bind("channel", channel).bind("address", normalised)
                .bind("reason", reason == null || reason.isBlank() ? "added by hand" : reason).bind("now", clock.millis())
                .execute());
        return find(channel, normalised).orElseThrow();
    }

    /** Why this address is suppressed on the channel, if it is. */
    public Optional<String> reason(String channel, String address) {
        return Optional.ofNullable(reasons(channel, List.of(address)).get(normalise(address)));
    }

    /** Which of these addresses are suppressed on the channel, with the reasons: one query per chunk. */
    public Map<String, String> reasons(String channel, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return Map.of();
        }
        List<String> normalised = addresses.stream().map(SuppressionStore::normalise).distinct().toList();
        return jdbi.withHandle(h -> h.createQuery("SELECT address, reason FROM suppressions WHERE channel = :channel "
                + "AND address IN (<addresses>)").bind("channel", channel).bindList("addresses", normalised)
                .map((rs, ctx) -> Map.entry(rs.getString("address"), rs.getString("reason")))
                .collectToMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public List<Suppression> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM suppressions ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> map(rs)).list());
    }

    public void remove(long id) {
        if (jdbi.withHandle(h -> h.createUpdate("DELETE FROM suppressions WHERE id = :id").bind("id", id).execute()) == 0) {
            throw new NotFoundException("No suppression " + id);
        }
    }

    private Optional<Suppression> find(String channel, String address) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM suppressions WHERE channel = :channel AND address = :address")
                .bind("channel", channel).bind("address", address).map((rs, ctx) -> map(rs)).findOne());
    }

    private static Suppression map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Suppression(rs.getLong("id"), rs.getString("channel"), rs.getString("address"),
                rs.getString("reason"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    static String normalise(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
