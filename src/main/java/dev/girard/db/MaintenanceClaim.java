package dev.girard.db;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.core.ConflictException;

/**
 * The right to run one maintenance task (the stats rebuild) while nobody else does, held as a row of
 * {@code maintenance_claims} (V14), so it holds across processes and nodes on SQLite and PostgreSQL alike. A
 * second start refuses with who holds the claim and since when. The holder renews it as it works; a claim not
 * renewed for {@code staleAfter} was left by a process that died and is taken over, and its holder, should it
 * still run, finds out at its next renewal and stops.
 */
public final class MaintenanceClaim implements AutoCloseable {
    private final Jdbi jdbi;
    private final WriteGate gate;
    private final Clock clock;
    private final String name;
    private final String holder;
    private final Duration staleAfter;
    private long renewedAt;

    private MaintenanceClaim(Jdbi jdbi, WriteGate gate, Clock clock, String name, String holder, Duration staleAfter,
            long renewedAt) {
        this.jdbi = jdbi;
        this.gate = gate;
        this.clock = clock;
        this.name = name;
        this.holder = holder;
        this.staleAfter = staleAfter;
        this.renewedAt = renewedAt;
    }

    /**
     * Takes the claim on a task.
     *
     * @param what the task as the message names it, e.g. "a stats rebuild"
     * @throws ConflictException when another holder has it and renewed it within {@code staleAfter}
     */
    public static MaintenanceClaim take(Jdbi jdbi, WriteGate gate, Clock clock, String name, String what,
            Duration staleAfter) {
        String holder = ManagementFactory.getRuntimeMXBean().getName() + " " + UUID.randomUUID().toString()
                .substring(0, 8);
        long now = clock.millis();
        String held = gate.write(() -> jdbi.inTransaction(h -> {
            h.createUpdate("DELETE FROM maintenance_claims WHERE name = :name AND renewed_at < :stale")
                    .bind("name", name).bind("stale", now - staleAfter.toMillis()).execute();
            int taken = h.createUpdate("""
                    INSERT INTO maintenance_claims (name, holder, started_at, renewed_at)
                    VALUES (:name, :holder, :now, :now) ON CONFLICT (name) DO NOTHING
                    """).bind("name", name).bind("holder", holder).bind("now", now).execute();
            if (taken == 1) {
                return null;
            }
            return h.createQuery("SELECT holder, started_at FROM maintenance_claims WHERE name = :name")
                    .bind("name", name)
                    .map((rs, ctx) -> rs.getString("holder") + " since "
                            + Instant.ofEpochMilli(rs.getLong("started_at")))
                    .findOne().orElse("another process, just now");
        }));
        if (held != null) {
            throw new ConflictException(what + " is running already (" + held + "); this one did not start:"
                    + " try again when it has finished");
        }
        return new MaintenanceClaim(jdbi, gate, clock, name, holder, staleAfter, now);
    }

    /** Renews the claim when a good part of {@code staleAfter} has passed; cheap to call often. */
    public void renewIfDue() {
        long now = clock.millis();
        if (now - renewedAt >= staleAfter.toMillis() / 4) {
            gate.run(() -> jdbi.useTransaction(this::renew));
        }
    }

    /**
     * Renews the claim inside the caller's transaction, e.g. the one that makes the task's work visible, so
     * that work is committed only while the claim is still this holder's.
     *
     * @throws IllegalStateException when the claim was taken over
     */
    public void renew(Handle handle) {
        long now = clock.millis();
        int renewed = handle.createUpdate("UPDATE maintenance_claims SET renewed_at = :now"
                + " WHERE name = :name AND holder = :holder").bind("now", now).bind("name", name)
                .bind("holder", holder).execute();
        if (renewed != 1) {
            throw new IllegalStateException("the claim on '" + name + "' was taken over by another process after "
                    + staleAfter.toSeconds() + " s without renewal; this run stopped without changing anything");
        }
        renewedAt = now;
    }

    /** Gives the claim up. */
    @Override
    public void close() {
        gate.run(() -> jdbi.useHandle(h -> h.createUpdate("DELETE FROM maintenance_claims WHERE name = :name"
                + " AND holder = :holder").bind("name", name).bind("holder", holder).execute()));
    }
}
