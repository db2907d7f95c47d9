package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.db.Database;
import dev.girard.support.Databases;
import dev.girard.support.TestDatabase;

/** The purchase store's contract, on every database. */
@ParameterizedClass(name = "{0}")
@ArgumentsSource(Databases.class)
class PurchaseStoreTest {
    @Parameter
    TestDatabase kind;
    @TempDir
    Path dir;
    private Database database;
    private PurchaseStore purchases;
    private CustomerStats stats;

    @BeforeEach
    void open() {
        database = kind.open(dir);
        stats = new CustomerStats(database.jdbi(), database.dialect(), database.writeGate(), Clock.systemUTC(), 1000);
        purchases = new PurchaseStore(database.jdbi(), Clock.systemUTC(), new PurchaseValidator(ZoneOffset.UTC), stats,
                database.writeGate());
        new CustomerStore(database.jdbi(), Clock.systemUTC()).create(customer("C1", "Anna"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_purchase_is_recorded_once_per_external_id_with_its_exact_amount() {
        Map<String, Object> body = Map.of("externalId", "R-1", "customerExternalId", "C1", "amount", "268.05",
                "currency", "cny", "item", "Tea set", "discounted", true, "purchasedAt", "2026-11-23T10:15:00Z");

        PurchaseStore.Recorded first = purchases.record(body);
        PurchaseStore.Recorded again = purchases.record(body);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.purchase()).isEqualTo(first.purchase());
        Purchase p = first.purchase();
        assertThat(p.amount()).isEqualTo(new BigDecimal("268.05"));
        assertThat(p.currency()).isEqualTo("CNY");
        assertThat(p.discounted()).isTrue();
        assertThat(p.customerExternalId()).isEqualTo("C1");
        assertThat(p.purchasedAt()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
        assertThat(purchases.forCustomer(p.customerId())).containsExactly(p);
    }

    @Test
    void a_purchase_for_an_unknown_customer_or_with_bad_fields_is_refused_field_by_field_and_nothing_is_stored() {
        assertThatThrownBy(() -> purchases.record(Map.of("externalId", "R-2", "customerExternalId", "C1",
                "amount", "1.234", "currency", "XXY")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactlyInAnyOrder("amount", "currency"));
        assertThatThrownBy(() -> purchases.record(Map.of("externalId", "R-3", "customerExternalId", "NOPE",
                "amount", "1.23", "currency", "CNY")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("customerExternalId"));
        int stored = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM purchases").mapTo(Integer.class).one());
        assertThat(stored).isZero();
    }

    @Test
    void purchases_of_one_customer_recorded_at_the_same_moment_are_all_counted_in_the_stats() throws Exception {
        long id = new CustomerStore(database.jdbi(), Clock.systemUTC()).findByExternalId("C1").orElseThrow().id();
        ExecutorService tills = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 100; round++) {
                // two tills record a purchase of the same customer at once; each refreshes the stats
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<?>> both = new ArrayList<>();
                for (String till : List.of("A", "B")) {
                    String externalId = till + "-" + round;
                    both.add(tills.submit(() -> {
                        together.await();
                        return purchases.record(Map.of("externalId", externalId, "customerExternalId", "C1",
                                "amount", "1.00", "currency", "CNY"));
                    }));
                }
                for (Future<?> f : both) {
                    f.get();
                }
                Stats counted = stats.find(id).orElseThrow();
                assertThat(counted.purchaseCount()).as("after round %d", round).isEqualTo(2 * round);
                assertThat(counted.lifetime()).as("after round %d", round)
                        .isEqualByComparingTo(BigDecimal.valueOf(2 * round));
            }
        } finally {
            tills.shutdownNow();
        }
    }
    @Test
    void a_customer_import_and_a_purchase_batch_on_the_same_customers_both_go_through() throws Exception {
        CustomerStore customers = new CustomerStore(database.jdbi(), Clock.systemUTC());
        customers.create(customer("C2", "Bo"));
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 5; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                String name = "Round" + round;
                String p1 = "P1-" + round;
                String p2 = "P2-" + round;
                // an import's batch updates C2, then (a moment later) C1: the file's order, not the keys'
                Future<?> imported = both.submit(() -> {
                    together.await();
                    database.writeGate().run(() -> database.jdbi().useTransaction(h -> {
                        customers.upsert(h, customer("C2", name));
                        pause();
                        customers.upsert(h, customer("C1", name));
                    }));
                    return null;
                });
                // meanwhile a till posts a batch with a purchase of each
                Future<?> bought = both.submit(() -> {
                    together.await();
                    return purchases.recordBatch(List.of(
                            Map.of("externalId", p1, "customerExternalId", "C1", "amount", "1.00", "currency", "CNY"),
                            Map.of("externalId", p2, "customerExternalId", "C2", "amount", "1.00", "currency", "CNY")));
                });
                imported.get();
                bought.get();
                for (String externalId : List.of("C1", "C2")) {
                    Customer stored = customers.findByExternalId(externalId).orElseThrow();
                    assertThat(stored.firstName()).isEqualTo(name);
                    assertThat(stats.find(stored.id()).orElseThrow().purchaseCount()).as("%s after round %d",
                            externalId, round).isEqualTo(round);
                }
            }
        } finally {
            both.shutdownNow();
        }
    }

    private static Customer customer(String externalId, String firstName) {
        return new Customer(null, externalId, firstName, "Smith", externalId.toLowerCase() + "@example.org", null, null,
                null, null, null, null, null, null, "en-GB", null, Map.of(), null, null);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
