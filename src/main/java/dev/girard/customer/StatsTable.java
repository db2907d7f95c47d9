package dev.girard.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.db.Dialect;
import dev.girard.db.MaintenanceClaim;
import dev.girard.db.WriteGate;

/**
 * Replaces every {@code customer_stats} row at once, for a rebuild. Updating a million rows in place moves
 * each one in every index (spread all over the file), which is what made rebuilds slow; instead the rows go
 * into a fresh table in customer order, with no index but the key, in transactions of a few thousand rows
 * (so purchases and senders get the write lock in between), and one short transaction swaps it in and builds
 * the indexes in one sorted pass each. Readers see the old rows until that transaction commits, then all
 * the new ones, never a mix.
 */
final class StatsTable {
    static final String NEXT = "customer_stats_next";
    static final String COLUMNS = "customer_id, first_purchase_at, last_purchase_at, recency_days,"
            + " purchase_count, frequency_12m, monetary_12m_cents, lifetime_cents, median_gap_days, value_percentile,"
            + " r_score, f_score, m_score, discount_share, computed_at";

    // A table like customer_stats (V3), without its secondary indexes; StatsTableTest keeps the two alike.
    private static final String CREATE_NEXT = """
            CREATE TABLE customer_stats_next (
              customer_id        BIGINT PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
              first_purchase_at  BIGINT,
              last_purchase_at   BIGINT,
              recency_days       INTEGER,
              purchase_count     INTEGER NOT NULL DEFAULT 0,
              frequency_12m      INTEGER NOT NULL DEFAULT 0,
              monetary_12m_cents BIGINT NOT NULL DEFAULT 0,
              lifetime_cents     BIGINT NOT NULL DEFAULT 0,
              median_gap_days    DOUBLE PRECISION,
              value_percentile   DOUBLE PRECISION,
              r_score            INTEGER,
              f_score            INTEGER,
              m_score            INTEGER,
              discount_share     DOUBLE PRECISION,
              computed_at        BIGINT NOT NULL
            )
            """;
    // One customer's row, unless the customer was deleted after the purchases were read.
    private static final String INSERT_NEXT = "INSERT INTO customer_stats_next (" + COLUMNS + ")"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?)";
    // The secondary indexes of customer_stats as the migrations leave them (V3, V4, V11).
    static final List<String> INDEXES = List.of(
            "CREATE INDEX customer_stats_lapsed ON customer_stats (last_purchase_at, median_gap_days)",
            "CREATE INDEX customer_stats_monetary ON customer_stats (monetary_12m_cents)",
            "CREATE INDEX customer_stats_first_purchase ON customer_stats (first_purchase_at)");

    /**
     * The swap, in one transaction. Renaming the live table first locks it (PostgreSQL waits for the purchases
     * being recorded and holds off new ones; on SQLite this writer holds the only write lock anyway), so its rows
     * count every purchase recorded, the ones the rebuild read and any recorded since (see {@link #MISSED}).
     */
    private static final String LOCK_LIVE = "ALTER TABLE customer_stats RENAME TO customer_stats_old";
    /**
     * The customers who bought after the rebuild read the purchases. Purchases are never changed or removed
     * (but with their customer), and every purchase refreshes its buyer's row in its own transaction, so a live
     * row counting more purchases than the rebuild's, or one the rebuild has none for, saw purchases it did not.
     * No clock decides this: a purchase may take its time before the rebuild's and commit after the rebuild's
     * read began, and nodes' clocks differ.
     */
    private static final String MISSED = "SELECT o.customer_id FROM customer_stats_old o"
            + " LEFT JOIN customer_stats_next n ON n.customer_id = o.customer_id"
            + " WHERE n.customer_id IS NULL OR n.purchase_count < o.purchase_count";
    /** The rest of the swap: the rows of customers deleted meanwhile go, and the new table takes the name. */
    private final List<String> swap;

    private final Jdbi jdbi;
    private final WriteGate gate;
    private final int batchSize;

    StatsTable(Jdbi jdbi, Dialect dialect, WriteGate gate, int batchSize) {
        this.jdbi = jdbi;
        this.gate = gate;
        this.batchSize = batchSize;
        List<String> swap = new ArrayList<>(List.of(
                "DELETE FROM customer_stats_next WHERE NOT EXISTS"
                        + " (SELECT 1 FROM customers c WHERE c.id = customer_stats_next.customer_id)",
                "DROP TABLE customer_stats_old",
                "ALTER TABLE customer_stats_next RENAME TO customer_stats"));
        swap.addAll(dialect.primaryKeyRenamed(NEXT, "customer_stats"));
        swap.addAll(INDEXES);
        this.swap = List.copyOf(swap);
    }

    /**
     * Writes rows for every measured customer and swaps them in; {@code finish} then saves the scales they were
     * ranked on and counts again the customers given to it, who bought after the measures were read, in the
     * swap's transaction.
     */
    void replaceAll(CustomerStats.Measures measures, Map<String, StatsScale> scales, long now, MaintenanceClaim claim,
            BiConsumer<Handle, List<Long>> finish) {
        // a table left by a rebuild that stopped half-way holds nothing anyone reads
        gate.run(() -> jdbi.useTransaction(h -> execute(h, List.of("DROP TABLE IF EXISTS " + NEXT, CREATE_NEXT))));
        for (int from = 0; from < measures.size; from += batchSize) {
            int start = from;
            int end = Math.min(from + batchSize, measures.size);
            claim.renewIfDue();
            gate.run(() -> jdbi.useTransaction(h -> {
                try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT_NEXT)) {
                    for (int i = start; i < end; i++) {
                        measures.bind(insert, i, scales, now);
                        insert.setLong(16, measures.customerId[i]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot write customer stats: " + e.getMessage(), e);
                }
            }));
        }
        gate.run(() -> jdbi.useTransaction(h -> {
            // only while the claim is still this rebuild's (a rebuild started after it was taken over goes on)
            claim.renew(h);
            execute(h, List.of(LOCK_LIVE));
            List<Long> missed = h.createQuery(MISSED).mapTo(Long.class).list();
            execute(h, swap);
            finish.accept(h, missed);
        }));
    }

    /** Runs the statements in order. */
    private static void execute(Handle handle, List<String> statements) {
        Connection connection = handle.getConnection();
        for (String sql : statements) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.execute();
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot replace the customer stats (" + sql.strip().lines().findFirst()
                        .orElse("") + "): " + e.getMessage(), e);
            }
        }
    }
}
