package dev.girard.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.core.FieldError;
import dev.girard.imports.RowHandler;

/** Consent records: appended, never edited; the latest per customer and channel decides. */
public final class ConsentStore {
    private static final String COLUMNS = "id, customer_id, channel, granted, at, source, wording";
    // The newest record of one channel, ties on the same instant broken by insertion order.
    private static final String LATEST = "SELECT " + COLUMNS + " FROM consents"
            + " WHERE customer_id = :customerId AND channel = :channel ORDER BY at DESC, id DESC LIMIT 1";

    private final Jdbi jdbi;
    private final Clock clock;

    public ConsentStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Appends a record and returns it with its id. */
    public Consent record(Consent consent) {
        return jdbi.inTransaction(handle -> record(handle, consent));
    }

    /** Appends a record inside the caller's transaction. */
    public Consent record(Handle handle, Consent consent) {
        long id = handle.createUpdate("""
                INSERT INTO consents (customer_id, channel, granted, at, source, wording, created_at)
                VALUES (:customerId, :channel, :granted, :at, :source, :wording, :now)
                """)
                .bind("customerId", consent.customerId())
                .bind("channel", consent.channel())
                .bind("granted", consent.granted())
                .bind("at", consent.at().toEpochMilli())
                .bind("source", consent.source())
                .bind("wording", consent.wording())
                .bind("now", clock.millis())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return new Consent(id, consent.customerId(), consent.channel(), consent.granted(), consent.at(),
                consent.source(), consent.wording());
    }

    // An identical record (same customer, channel, decision, time, source and wording; no wording counts as empty).
    private static final String SAME = """
            SELECT id FROM consents WHERE customer_id = :customerId AND channel = :channel AND at = :at
              AND granted = :granted AND source = :source AND COALESCE(wording, '') = :wording
            """;

    /**
     * Records consents inside the caller's transaction. A record identical to one stored is not added again,
     * so importing the same file twice changes nothing; an unknown customer is refused.
     */
    public List<RowHandler.Outcome> recordAll(Handle handle, List<ConsentValidator.Input> inputs) {
        List<RowHandler.Outcome> outcomes = new ArrayList<>(inputs.size());
        Map<String, Long> customers = new HashMap<>();
        for (ConsentValidator.Input input : inputs) {
            Long customerId = customers.computeIfAbsent(input.customerExternalId(), e -> handle
                    .createQuery("SELECT id FROM customers WHERE external_id = :e").bind("e", e).mapTo(Long.class)
                    .findOne().orElse(null));
            if (customerId == null) {
                outcomes.add(RowHandler.Outcome.refused(new FieldError("customerExternalId", input.customerExternalId(),
                        "is not a known customer (import or create the customer first)")));
                continue;
            }
            Consent consent = input.consent();
            Consent forCustomer = new Consent(null, customerId, consent.channel(), consent.granted(), consent.at(),
                    consent.source(), consent.wording());
            outcomes.add(same(handle, forCustomer).isPresent() ? RowHandler.Outcome.UNCHANGED : recorded(handle, forCustomer));
        }
        return outcomes;
    }

    private RowHandler.Outcome recorded(Handle handle, Consent consent) {
        record(handle, consent);
        return RowHandler.Outcome.CHANGED;
    }

    /** The result of recording: the stored record, and whether this call added it. */
    public record Recorded(Consent consent, boolean created) {
    }

    /** Appends a record unless an identical one is stored already (a retried request adds nothing). */
    public Recorded recordOnce(Consent consent) {
        return jdbi.inTransaction(handle -> {
            Optional<Long> same = same(handle, consent);
            if (same.isPresent()) {
                return new Recorded(new Consent(same.get(), consent.customerId(), consent.channel(), consent.granted(),
                        consent.at(), consent.source(), consent.wording()), false);
            }
            return new Recorded(record(handle, consent), true);
        });
    }

    /** The stored record identical to this one, if any. */
    public Optional<Long> same(Handle handle, Consent consent) {
        return handle.createQuery(SAME).bind("customerId", consent.customerId()).bind("channel", consent.channel())
                .bind("at", consent.at().toEpochMilli()).bind("granted", consent.granted())
                .bind("source", consent.source()).bind("wording", consent.wording() == null ? "" : consent.wording())
                .mapTo(Long.class).findFirst();
    }

    /** The record that decides for this customer and channel, if there is any. */
    public Optional<Consent> latest(long customerId, String channel) {
        return jdbi.withHandle(h -> h.createQuery(LATEST).bind("customerId", customerId).bind("channel", channel)
                .map((rs, ctx) -> map(rs)).findOne());
    }

    /** Whether the customer's latest record on the channel is a grant (no record means no consent). */
    public boolean granted(long customerId, String channel) {
        return latest(customerId, channel).map(Consent::granted).orElse(false);
    }

    /** Of the given customers, those whose latest record on the channel is a grant: one query per batch. */
    public Set<Long> grantedAmong(Collection<Long> customerIds, String channel) {
        if (customerIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> new HashSet<>(h.createQuery("""
                SELECT c.customer_id FROM consents c
                WHERE c.channel = :channel AND c.customer_id IN (<ids>) AND c.granted = TRUE
                  AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.customer_id = c.customer_id
                      AND n.channel = c.channel AND (n.at > c.at OR (n.at = c.at AND n.id > c.id)))
                """).bind("channel", channel).bindList("ids", List.copyOf(customerIds)).mapTo(Long.class).list()));
    }

    /**
     * Of the given customers, those who have any record on the channel, with whether their latest one is a
     * grant (customers without a record are absent): one query per batch.
     */
    public Map<Long, Boolean> latestAmong(Collection<Long> customerIds, String channel) {
        if (customerIds.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT c.customer_id, c.granted FROM consents c
                WHERE c.channel = :channel AND c.customer_id IN (<ids>)
                  AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.customer_id = c.customer_id
                      AND n.channel = c.channel AND (n.at > c.at OR (n.at = c.at AND n.id > c.id)))
                """).bind("channel", channel).bindList("ids", List.copyOf(customerIds))
                .map((rs, ctx) -> Map.entry(rs.getLong("customer_id"), rs.getBoolean("granted")))
                .collectToMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Every record of a customer, oldest first: the proof to show on request. */
    public List<Consent> history(long customerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                + " FROM consents WHERE customer_id = :customerId ORDER BY at, id")
                .bind("customerId", customerId).map((rs, ctx) -> map(rs)).list());
    }

    private static Consent map(ResultSet rs) throws SQLException {
        return new Consent(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("channel"),
                rs.getBoolean("granted"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("source"),
                rs.getString("wording"));
    }
}
