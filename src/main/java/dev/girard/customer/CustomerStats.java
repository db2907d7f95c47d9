package dev.girard.customer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.core.ConflictException;
import dev.girard.db.Dialect;
import dev.girard.db.MaintenanceClaim;
import dev.girard.db.WriteGate;

/**
 * The {@code customer_stats} rows: refreshed for the buyers of every purchase inside the transaction that
 * records it, and rebuilt for everyone (nightly, or on demand) because recency and ranks move with time
 * even when nobody buys.
 *
 * <p>A rebuild reads every purchase once, in customer and time order, with a forward-only cursor (the index
 * {@code purchases_customer} covers the read), keeps a few numbers per customer in primitive arrays, ranks
 * them, and replaces the whole table at once (see {@link StatsTable}), so readers never see half a rebuild.
 */
public final class CustomerStats {
    private static final Logger LOG = LoggerFactory.getLogger(CustomerStats.class);
    private static final long DAY_MS = 86_400_000L;
    private static final long YEAR_MS = 365 * DAY_MS;
    // Every purchase in the order the measures are computed in.
    private static final String ALL_PURCHASES = """
            SELECT customer_id, purchased_at, amount_cents, discounted FROM purchases ORDER BY customer_id, purchased_at
            """;
    // The same for some customers (the buyers of a batch); the id list is one placeholder per id.
    private static final String SOME_PURCHASES = """
            SELECT customer_id, purchased_at, amount_cents, discounted FROM purchases
            WHERE customer_id IN (<ids>) ORDER BY customer_id, purchased_at
            """;
    // Write one customer's row. The last writer's row is the most complete one: writers of one customer's row take
    // turns (SQLite's one writer, or the locks of refresh), and each reads every purchase committed before it. No
    // clock decides, as the nodes' clocks differ and a writer may read the clock long before it writes.
    private static final String UPSERT = """
            INSERT INTO customer_stats (customer_id, first_purchase_at, last_purchase_at, recency_days, purchase_count,
                frequency_12m, monetary_12m_cents, lifetime_cents, median_gap_days, value_percentile, r_score, f_score,
                m_score, discount_share, computed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (customer_id) DO UPDATE SET first_purchase_at = excluded.first_purchase_at,
                last_purchase_at = excluded.last_purchase_at, recency_days = excluded.recency_days,
                purchase_count = excluded.purchase_count, frequency_12m = excluded.frequency_12m,
                monetary_12m_cents = excluded.monetary_12m_cents, lifetime_cents = excluded.lifetime_cents,
                median_gap_days = excluded.median_gap_days, value_percentile = excluded.value_percentile,
                r_score = excluded.r_score, f_score = excluded.f_score, m_score = excluded.m_score,
                discount_share = excluded.discount_share, computed_at = excluded.computed_at
            """;
    // Where writers run side by side (PostgreSQL), each buyer's stats row is made to exist, then locked in key
    // order, before their purchases are read. The lock is on the stats row, which only refreshes and the swap
    // write, so a customer import updating the same customers in its own order cannot deadlock with it.
    private static final String ENSURE_ROW = "INSERT INTO customer_stats (customer_id, computed_at) VALUES (:id, 0)"
            + " ON CONFLICT (customer_id) DO NOTHING";
    private static final String LOCK_ROWS =
            "SELECT customer_id FROM customer_stats WHERE customer_id IN (<ids>) ORDER BY customer_id FOR UPDATE";
    // ids bound in one statement at most (a list of placeholders)
    private static final int IDS_A_STATEMENT = 500;
    private static final String COLUMNS = StatsTable.COLUMNS;
    static final String REBUILD_CLAIM = "stats-rebuild";
    // a rebuild renews its claim every quarter of this while it writes; a claim older than this was left by a
    // process that died (a million customers take some 20 s to rebuild)
    private static final Duration REBUILD_CLAIM_STALE = Duration.ofMinutes(10);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Clock clock;
    private final StatsTable table;
    private final WriteGate gate;

    public CustomerStats(Jdbi jdbi, Dialect dialect, WriteGate gate, Clock clock, int batchSize) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.clock = clock;
        this.gate = gate;
        this.table = new StatsTable(jdbi, dialect, gate, batchSize);
    }

    /** What a rebuild did and how long each part took. */
    public record Rebuilt(int customers, long purchases, long readMillis, long writeMillis, long totalMillis) {
    }

    public Optional<Stats> find(long customerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM customer_stats WHERE customer_id = :id")
                .bind("id", customerId).map((rs, ctx) -> map(rs)).findOne());
    }

    /**
     * Recomputes the stats of these customers inside the caller's transaction, ranked on the last rebuild's
     * scales. Where writers run side by side (PostgreSQL), the customers' stats rows are locked first, in key
     * order: two purchases of one customer recorded at the same moment then refresh in turn, and the second
     * counts the first (each statement reads what was committed when it began).
     */
    public void refresh(Handle handle, Collection<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>(customerIds);
        Collections.sort(ids);
        if (!gate.serialises()) {
            lock(handle, ids);
        }
        recount(handle, ids, scales(handle));
    }

    private static void lock(Handle handle, List<Long> ids) {
        PreparedBatch ensure = handle.prepareBatch(ENSURE_ROW);
        ids.forEach(id -> ensure.bind("id", id).add());
        ensure.execute();
        for (List<Long> part : byStatement(ids)) {
            handle.createQuery(LOCK_ROWS).bindList("ids", part).mapTo(Long.class).list();
        }
    }

    /** The ids in lists of at most {@value #IDS_A_STATEMENT}, one a statement that binds them as a list. */
    private static List<List<Long>> byStatement(List<Long> ids) {
        List<List<Long>> parts = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_A_STATEMENT) {
            parts.add(ids.subList(from, Math.min(from + IDS_A_STATEMENT, ids.size())));
        }
        return parts;
    }

    /** Recomputes the stats of these customers inside the caller's transaction, from all their purchases. */
    private void recount(Handle handle, List<Long> ids, Map<String, StatsScale> scales) {
        if (ids.isEmpty()) {
            return;
        }
        long now = clock.millis();
        Connection connection = handle.getConnection();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (List<Long> part : byStatement(ids)) {
                Measures measures = new Measures(part.size());
                handle.createQuery(SOME_PURCHASES).bindList("ids", part).scanResultSet((rs, ctx) -> {
                    measures.readAll(rs.get(), now);
                    return null;
                });
                for (int i = 0; i < measures.size; i++) {
                    measures.bind(upsert, i, scales, now);
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot refresh customer stats: " + e.getMessage(), e);
        }
    }

    /**
     * Recomputes every customer's stats from all purchases, and the scales they are ranked on. One rebuild runs
     * at a time across every process on the database (the command line while the server's nightly one runs):
     * a second one refuses.
     *
     * @throws ConflictException when another rebuild is running
     */
    public Rebuilt rebuild() {
        try (MaintenanceClaim claim = MaintenanceClaim.take(jdbi, gate, clock, REBUILD_CLAIM, "A stats rebuild",
                REBUILD_CLAIM_STALE)) {
            return rebuild(claim);
        }
    }

    private Rebuilt rebuild(MaintenanceClaim claim) {
        long started = System.nanoTime();
        long now = clock.millis();
        Measures measures = readAll(now);
        long read = System.nanoTime();
        replaceAll(measures, now, claim);
        long written = System.nanoTime();
        Rebuilt rebuilt = new Rebuilt(measures.size, measures.purchases, (read - started) / 1_000_000,
                (written - read) / 1_000_000, (written - started) / 1_000_000);
        LOG.info("Customer stats rebuilt: {} customers from {} purchases in {} ms (read {} ms, write {} ms)",
                rebuilt.customers(), rebuilt.purchases(), rebuilt.totalMillis(), rebuilt.readMillis(),
                rebuilt.writeMillis());
        return rebuilt;
    }

    /** The first half of a rebuild: every customer's measures, from every purchase recorded so far. */
    Measures readAll(long now) {
        Measures measures = new Measures(1 << 16);
        try (Handle handle = jdbi.open()) {
            Connection connection = handle.getConnection();
            boolean autoCommit = connection.getAutoCommit();
            dialect.prepareStreamingRead(connection);
            try (Statement select = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                select.setFetchSize(10_000);
                try (ResultSet rs = select.executeQuery(ALL_PURCHASES)) {
                    measures.readAll(rs, now);
                }
            } finally {
                if (connection.getAutoCommit() != autoCommit) {
                    connection.rollback();
                    connection.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the purchases: " + e.getMessage(), e);
        }
        return measures;
    }

    /**
     * The second half: ranks the measures, writes them and swaps them in with their scales. The buyers of
     * purchases recorded after {@link #readAll} read them are counted again from all their purchases, in the
     * swap's transaction, and ranked on the new scales.
     */
    void replaceAll(Measures measures, long now, MaintenanceClaim claim) {
        Map<String, StatsScale> scales = measures.scales(now);
        table.replaceAll(measures, scales, now, claim, (h, missed) -> {
            saveScales(h, scales);
            // unlocked: the swap holds customer_stats to itself, so a purchase that waits for it may hold its
            // buyer's lock already (see refresh), and every purchase committed is read
            recount(h, missed, scales);
        });
    }

    private static Map<String, StatsScale> scales(Handle handle) {
        Map<String, double[]> values = new HashMap<>();
        handle.createQuery("SELECT measure, position, value FROM customer_stats_scale").map((rs, ctx) -> {
            values.computeIfAbsent(rs.getString("measure"), m -> new double[101])[rs.getInt("position")] =
                    rs.getDouble("value");
            return null;
        }).forEach(ignored -> { });
        Map<String, StatsScale> scales = new HashMap<>();
        values.forEach((measure, thresholds) -> scales.put(measure, new StatsScale(thresholds)));
        return scales;
    }

    private static void saveScales(Handle handle, Map<String, StatsScale> scales) {
        handle.createUpdate("DELETE FROM customer_stats_scale").execute();
        var batch = handle.prepareBatch("INSERT INTO customer_stats_scale (measure, position, value) VALUES (:m, :p, :v)");
        scales.forEach((measure, scale) -> {
            for (int j = 1; j <= 100; j++) {
                batch.bind("m", measure).bind("p", j).bind("v", scale.threshold(j)).add();
            }
        });
        if (!scales.isEmpty()) {
            batch.execute();
        }
    }

    private static Stats map(ResultSet rs) throws SQLException {
        return new Stats(rs.getLong("customer_id"), instant(rs, "first_purchase_at"), instant(rs, "last_purchase_at"),
                rs.getInt("recency_days"), rs.getInt("purchase_count"), rs.getInt("frequency_12m"),
                BigDecimal.valueOf(rs.getLong("monetary_12m_cents"), 2), BigDecimal.valueOf(rs.getLong("lifetime_cents"), 2),
                nullableDouble(rs, "median_gap_days"), nullableDouble(rs, "value_percentile"), nullableInt(rs, "r_score"),
                nullableInt(rs, "f_score"), nullableInt(rs, "m_score"), rs.getDouble("discount_share"),
                Instant.ofEpochMilli(rs.getLong("computed_at")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * The measures of many customers, one slot per customer in primitive arrays (about 60 bytes each, so a
     * million customers take some 60 MB while a rebuild runs), filled from purchases in customer and time order.
     */
    static final class Measures {
        int size;
        long purchases;
        long[] customerId;
        long[] first;
        long[] last;
        int[] count;
        int[] frequency12m;
        long[] monetary12m;
        long[] lifetime;
        double[] medianGap;
        int[] discounted;
        private double[] gaps = new double[64];

        Measures(int capacity) {
            customerId = new long[capacity];
            first = new long[capacity];
            last = new long[capacity];
            count = new int[capacity];
            frequency12m = new int[capacity];
            monetary12m = new long[capacity];
            lifetime = new long[capacity];
            medianGap = new double[capacity];
            discounted = new int[capacity];
        }

        /** Reads rows of (customer_id, purchased_at, amount_cents, discounted) in customer and time order. */
        void readAll(ResultSet rs, long now) throws SQLException {
            long yearAgo = now - YEAR_MS;
            int slot = -1;
            long current = Long.MIN_VALUE;
            int gapCount = 0;
            while (rs.next()) {
                long customer = rs.getLong(1);
                long at = rs.getLong(2);
                long cents = rs.getLong(3);
                boolean discount = rs.getBoolean(4);
                purchases++;
                if (customer != current) {
                    if (slot >= 0) {
                        medianGap[slot] = median(gapCount);
                    }
                    slot = size++;
                    ensureCapacity(size);
                    current = customer;
                    customerId[slot] = customer;
                    first[slot] = at;
                    gapCount = 0;
                } else {
                    if (gapCount == gaps.length) {
                        gaps = Arrays.copyOf(gaps, gapCount * 2);
                    }
                    gaps[gapCount++] = (at - last[slot]) / (double) DAY_MS;
                }
                last[slot] = at;
                count[slot]++;
                lifetime[slot] += cents;
                if (at > yearAgo && at <= now) {
                    frequency12m[slot]++;
                    monetary12m[slot] += cents;
                }
                if (discount) {
                    discounted[slot]++;
                }
            }
            if (slot >= 0) {
                medianGap[slot] = median(gapCount);
            }
        }

        private double median(int n) {
            if (n == 0) {
                return Double.NaN;
            }
            Arrays.sort(gaps, 0, n);
            return n % 2 == 1 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
        }

        private void ensureCapacity(int needed) {
            if (needed <= customerId.length) {
                return;
            }
            int capacity = Math.max(needed, customerId.length * 2);
            customerId = Arrays.copyOf(customerId, capacity);
            first = Arrays.copyOf(first, capacity);
            last = Arrays.copyOf(last, capacity);
            count = Arrays.copyOf(count, capacity);
            frequency12m = Arrays.copyOf(frequency12m, capacity);
            monetary12m = Arrays.copyOf(monetary12m, capacity);
            lifetime = Arrays.copyOf(lifetime, capacity);
            medianGap = Arrays.copyOf(medianGap, capacity);
            discounted = Arrays.copyOf(discounted, capacity);
        }

        int recencyDays(int i, long now) {
            return (int) Math.max(0, (now - last[i]) / DAY_MS);
        }

        /** The scales of these customers' recency (more recent ranks higher), frequency and spend. */
        Map<String, StatsScale> scales(long now) {
            if (size == 0) {
                return Map.of();
            }
            double[] values = new double[size];
            Map<String, StatsScale> scales = new HashMap<>();
            for (int i = 0; i < size; i++) {
                values[i] = -recencyDays(i, now);
            }
            scales.put(StatsScale.RECENCY, StatsScale.of(values, size));
            for (int i = 0; i < size; i++) {
                values[i] = frequency12m[i];
            }
            scales.put(StatsScale.FREQUENCY, StatsScale.of(values, size));
            for (int i = 0; i < size; i++) {
                values[i] = monetary12m[i];
            }
            scales.put(StatsScale.MONETARY, StatsScale.of(values, size));
            return scales;
        }

        /** Binds slot i to the upsert, ranked on the scales (left null when there are none yet). */
        void bind(PreparedStatement s, int i, Map<String, StatsScale> scales, long now) throws SQLException {
            int recency = recencyDays(i, now);
            s.setLong(1, customerId[i]);
            s.setLong(2, first[i]);
            s.setLong(3, last[i]);
            s.setInt(4, recency);
            s.setInt(5, count[i]);
            s.setInt(6, frequency12m[i]);
            s.setLong(7, monetary12m[i]);
            s.setLong(8, lifetime[i]);
            if (Double.isNaN(medianGap[i])) {
                s.setNull(9, Types.DOUBLE);
            } else {
                s.setDouble(9, medianGap[i]);
            }
            StatsScale monetary = scales.get(StatsScale.MONETARY);
            StatsScale frequency = scales.get(StatsScale.FREQUENCY);
            StatsScale recent = scales.get(StatsScale.RECENCY);
            if (monetary == null || frequency == null || recent == null) {
                s.setNull(10, Types.DOUBLE);
                s.setNull(11, Types.INTEGER);
                s.setNull(12, Types.INTEGER);
                s.setNull(13, Types.INTEGER);
            } else {
                s.setDouble(10, monetary.percentile(monetary12m[i]));
                s.setInt(11, recent.score(-recency));
                s.setInt(12, frequency.score(frequency12m[i]));
                s.setInt(13, monetary.score(monetary12m[i]));
            }
            s.setDouble(14, count[i] == 0 ? 0 : discounted[i] / (double) count[i]);
            s.setLong(15, now);
        }
    }
}
