package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.girard.core.ConflictException;
import dev.girard.db.Database;
import dev.girard.db.MaintenanceClaim;
import dev.girard.support.TestDatabases;

/**
 * A rebuild swaps in a whole new customer_stats table: on both databases it must leave the table as the
 * migrations made it, keep rows refreshed meanwhile, and never show readers part of a rebuild.
 */
class StatsRebuildContractTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final int CUSTOMERS = 1_200;

    @TempDir
    Path dir;
    private Database database;
    private CustomerStats stats;

    private void open(TestDatabases.Factory factory) {
        database = factory.open(dir);
        // a small batch size, so a rebuild writes its table in several transactions
        stats = new CustomerStats(database.jdbi(), database.dialect(), database.writeGate(),
                Clock.fixed(NOW, ZoneOffset.UTC), 100);
        database.jdbi().useTransaction(h -> {
            var customers = h.prepareBatch("INSERT INTO customers (external_id, created_at, updated_at) VALUES (:id, 0, 0)");
            for (int i = 1; i <= CUSTOMERS; i++) {
                customers.bind("id", "C" + i).add();
            }
            customers.execute();
            var purchases = h.prepareBatch("""
                    INSERT INTO purchases (external_id, customer_id, amount_cents, currency, discounted, purchased_at, created_at)
                    SELECT :purchase, id, :cents, 'CNY', :discounted, :at, 0 FROM customers WHERE external_id = :customer
                    """);
            for (int i = 1; i <= CUSTOMERS; i++) {
                for (int p = 0; p < 1 + i % 4; p++) {
                    purchases.bind("purchase", "P" + i + "-" + p).bind("customer", "C" + i).bind("cents", 100L * i + p)
                            .bind("discounted", p % 2 == 0).bind("at", NOW.minus(Duration.ofDays(3 + i % 500 + 40L * p))
                                    .toEpochMilli()).add();
                }
            }
            purchases.execute();
        });
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void after_rebuilds_the_stats_table_has_the_columns_keys_and_indexes_the_migrations_gave_it(
            TestDatabases.Factory factory) {
        open(factory);
        List<String> migrated = schema();
        stats.rebuild();
        stats.rebuild();
        assertThat(schema()).isEqualTo(migrated);
        assertThat(count()).isEqualTo(CUSTOMERS);
        int positions = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM customer_stats_scale")
                .mapTo(Integer.class).one());
        assertThat(positions).as("100 positions for each of recency, frequency and spend").isEqualTo(300);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void a_purchase_recorded_after_the_rebuild_read_the_purchases_is_counted_and_ranked_on_the_new_scales(
            TestDatabases.Factory factory) {
        open(factory);
        long c1 = customerId("C1");
        // the first rebuild's two halves with a till's purchase in between; the clock stands still, so the purchase's
        // refresh bears the rebuild's own time
        CustomerStats.Measures measures = stats.readAll(NOW.toEpochMilli());
        PurchaseStore purchases = new PurchaseStore(database.jdbi(), Clock.fixed(NOW, ZoneOffset.UTC),
                new PurchaseValidator(ZoneOffset.UTC), stats, database.writeGate());
        purchases.record(Map.of("externalId", "TILL-1", "customerExternalId", "C1", "amount", "1000000.00",
                "currency", "CNY", "purchasedAt", NOW.minus(Duration.ofDays(1)).toString()));
        Stats refreshed = stats.find(c1).orElseThrow();
        assertThat(refreshed.purchaseCount()).isEqualTo(3);
        assertThat(refreshed.valuePercentile()).as("no scales before the first rebuild").isNull();
        // the claim rebuild() would hold while it writes
        try (MaintenanceClaim claim = otherProcessClaim(NOW)) {
            stats.replaceAll(measures, NOW.toEpochMilli(), claim);
        }

        Stats c1Stats = stats.find(c1).orElseThrow();
        assertThat(c1Stats.purchaseCount()).as("the purchase the rebuild did not read").isEqualTo(3);
        assertThat(c1Stats.lifetime()).isEqualByComparingTo("1000002.01");
        assertThat(c1Stats.valuePercentile()).as("ranked on the scales the rebuild saved").isNotNull();
        assertThat(c1Stats.mScore()).as("the largest spender").isEqualTo(5);
        assertThat(stats.find(customerId("C3")).orElseThrow().purchaseCount()).isEqualTo(4);
        assertThat(count()).isEqualTo(CUSTOMERS);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void readers_see_every_row_before_during_and_after_a_rebuild(TestDatabases.Factory factory) throws Exception {
        open(factory);
        stats.rebuild();
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                seen.add(count());
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 3; i++) {
                stats.rebuild();
            }
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(seen).isNotEmpty().containsOnly((long) CUSTOMERS);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void a_rebuild_started_while_another_runs_refuses_and_leaves_the_running_ones_tables_alone(
            TestDatabases.Factory factory) {
        open(factory);
        stats.rebuild();
        List<String> rebuilt = schema();
        // the claim a rebuild in another process holds, e.g. the server's nightly one while the command line starts one
        try (MaintenanceClaim running = otherProcessClaim(NOW)) {
            assertThatThrownBy(stats::rebuild).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("A stats rebuild is running already")
                    .hasMessageContaining("since 2026-11-23T12:00:00Z")
                    .hasMessageContaining("try again when it has finished");
            assertThat(tableNames()).doesNotContain(StatsTable.NEXT);
            assertThat(count()).isEqualTo(CUSTOMERS);
        }
        stats.rebuild();
        assertThat(schema()).isEqualTo(rebuilt);
        assertThat(count()).isEqualTo(CUSTOMERS);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void two_rebuilds_started_together_one_runs_the_other_refuses_and_nothing_breaks(TestDatabases.Factory factory)
            throws Exception {
        open(factory);
        List<String> migrated = schema();
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<String> outcomes = new ArrayList<>();
        try {
            for (int round = 0; round < 5; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                Callable<String> rebuild = () -> {
                    together.await();
                    try {
                        stats.rebuild();
                        return "rebuilt";
                    } catch (ConflictException e) {
                        return "refused";
                    }
                };
                Future<String> first = two.submit(rebuild);
                Future<String> second = two.submit(rebuild);
                // any other failure (a table dropped under the other rebuild) fails the test here
                List<String> round_ = List.of(first.get(), second.get());
                assertThat(round_).contains("rebuilt");
                outcomes.addAll(round_);
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(outcomes).contains("refused");
        assertThat(schema()).isEqualTo(migrated);
        assertThat(count()).isEqualTo(CUSTOMERS);
        assertThat(tableNames()).doesNotContain(StatsTable.NEXT);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void a_claim_not_renewed_for_ten_minutes_was_left_by_a_process_that_died_and_is_taken_over(
            TestDatabases.Factory factory) {
        open(factory);
        otherProcessClaim(NOW.minus(Duration.ofMinutes(11)));
        assertThat(stats.rebuild().customers()).isEqualTo(CUSTOMERS);
        assertThat(count()).isEqualTo(CUSTOMERS);
        // and the rebuild gave it up when done
        assertThatCode(() -> otherProcessClaim(NOW).close()).doesNotThrowAnyException();
    }

    private MaintenanceClaim otherProcessClaim(Instant at) {
        return MaintenanceClaim.take(database.jdbi(), database.writeGate(), Clock.fixed(at, ZoneOffset.UTC),
                CustomerStats.REBUILD_CLAIM, "A stats rebuild", Duration.ofMinutes(10));
    }

    private Set<String> tableNames() {
        return database.jdbi().withHandle(h -> {
            Set<String> names = new TreeSet<>();
            try (ResultSet rs = h.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return names;
        });
    }

    private long count() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM customer_stats")
                .mapTo(Long.class).one());
    }

    private long customerId(String externalId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM customers WHERE external_id = :e")
                .bind("e", externalId).mapTo(Long.class).one());
    }

    /** The table's columns, primary key, foreign keys and indexes, as the driver describes them. */
    private List<String> schema() {
        return database.jdbi().withHandle(h -> {
            Connection connection = h.getConnection();
            List<String> schema = new ArrayList<>();
            try {
                DatabaseMetaData meta = connection.getMetaData();
                try (ResultSet rs = meta.getColumns(null, null, "customer_stats", null)) {
                    while (rs.next()) {
                        schema.add("column " + rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME") + " "
                                + rs.getString("TYPE_NAME") + " nullable=" + rs.getString("IS_NULLABLE") + " default="
                                + rs.getString("COLUMN_DEF"));
                    }
                }
                try (ResultSet rs = meta.getPrimaryKeys(null, null, "customer_stats")) {
                    while (rs.next()) {
                        schema.add("primary key " + rs.getString("COLUMN_NAME"));
                    }
                }
                try (ResultSet rs = meta.getImportedKeys(null, null, "customer_stats")) {
                    while (rs.next()) {
                        schema.add("foreign key " + rs.getString("FKCOLUMN_NAME") + " -> " + rs.getString("PKTABLE_NAME")
                                + "." + rs.getString("PKCOLUMN_NAME") + " on delete " + rs.getShort("DELETE_RULE"));
                    }
                }
                Set<String> indexes = new TreeSet<>();
                try (ResultSet rs = meta.getIndexInfo(null, null, "customer_stats", false, false)) {
                    while (rs.next()) {
                        if (rs.getString("INDEX_NAME") != null) {
                            indexes.add("index " + rs.getString("INDEX_NAME") + " unique=" + !rs.getBoolean("NON_UNIQUE")
                                    + " " + rs.getShort("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME"));
                        }
                    }
                }
                schema.addAll(indexes);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(schema).anyMatch(s -> s.startsWith("index customer_stats_lapsed"));
            return schema;
        });
    }
}
