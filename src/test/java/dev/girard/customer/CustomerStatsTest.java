package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.support.TestApps;

/** Stats on a dataset small enough to compute by hand, at a fixed time. */
class CustomerStatsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    private App app;

    @BeforeEach
    void open() {
        app = App.open(TestApps.config(dir, Map.of()), Clock.fixed(NOW, ZoneOffset.UTC));
        for (String id : new String[] {"A", "B", "C", "D", "E"}) {
            app.customers.create(Map.of("externalId", id, "email", id.toLowerCase() + "@example.com"));
        }
        buy("A1", "A", "100.00", 10, true);
        buy("A2", "A", "50.00", 40, false);
        buy("A3", "A", "30.00", 100, false);
        buy("A4", "A", "20.00", 400, true);
        buy("B1", "B", "500.00", 5, false);
        buy("C1", "C", "10.00", 200, false);
        buy("C2", "C", "10.00", 190, false);
        buy("D1", "D", "1000.00", 500, false);
    }

    @AfterEach
    void close() {
        app.close();
    }

    private void buy(String id, String customer, String amount, int daysAgo, boolean discounted) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("externalId", id);
        body.put("customerExternalId", customer);
        body.put("amount", amount);
        body.put("currency", "CNY");
        body.put("discounted", discounted);
        body.put("purchasedAt", NOW.minus(Duration.ofDays(daysAgo)).toString());
        app.purchases.record(body);
    }

    private Stats stats(String externalId) {
        long id = app.customerStore.findByExternalId(externalId).orElseThrow().id();
        return app.stats.find(id).orElse(null);
    }

    @Test
    void every_purchase_keeps_its_buyers_raw_measures_current_before_any_rebuild() {
        Stats a = stats("A");
        assertThat(a.purchaseCount()).isEqualTo(4);
        assertThat(a.recencyDays()).isEqualTo(10);
        assertThat(a.frequency12m()).isEqualTo(3);
        assertThat(a.monetary12m()).isEqualByComparingTo("180.00");
        assertThat(a.lifetime()).isEqualByComparingTo("200.00");
        assertThat(a.medianGapDays()).isEqualTo(60.0);
        assertThat(a.discountShare()).isEqualTo(0.5);
        assertThat(a.firstPurchaseAt()).isEqualTo(NOW.minus(Duration.ofDays(400)));
        assertThat(a.lastPurchaseAt()).isEqualTo(NOW.minus(Duration.ofDays(10)));
        assertThat(a.valuePercentile()).as("no ranks before the first rebuild").isNull();
        assertThat(a.rScore()).isNull();
        assertThat(stats("E")).as("no purchases, no stats").isNull();
    }

    @Test
    void a_rebuild_ranks_everyone_into_percentiles_and_quintile_scores() {
        CustomerStats.Rebuilt rebuilt = app.stats.rebuild();
        assertThat(rebuilt.customers()).isEqualTo(4);
        assertThat(rebuilt.purchases()).isEqualTo(8);

        // 12-month spend: D 0, C 20, A 180, B 500 -> each beats the customers below it
        assertThat(stats("D").valuePercentile()).isEqualTo(0.0);
        assertThat(stats("C").valuePercentile()).isEqualTo(25.0);
        assertThat(stats("A").valuePercentile()).isEqualTo(50.0);
        assertThat(stats("B").valuePercentile()).isEqualTo(75.0);
        assertThat(scores("D")).isEqualTo("R1 F1 M1");
        assertThat(scores("C")).isEqualTo("R2 F3 M2");
        assertThat(scores("A")).isEqualTo("R3 F4 M3");
        assertThat(scores("B")).isEqualTo("R4 F2 M4");

        Stats c = stats("C");
        assertThat(c.recencyDays()).isEqualTo(190);
        assertThat(c.frequency12m()).isEqualTo(2);
        assertThat(c.medianGapDays()).isEqualTo(10.0);
        Stats d = stats("D");
        assertThat(d.frequency12m()).isZero();
        assertThat(d.monetary12m()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(d.lifetime()).isEqualByComparingTo("1000.00");
        assertThat(d.medianGapDays()).isNull();
        assertThat(stats("B").medianGapDays()).isNull();
        assertThat(d.computedAt()).isEqualTo(NOW);
    }

    @Test
    void a_purchase_after_a_rebuild_ranks_its_buyer_on_the_rebuilds_scales() {
        app.stats.rebuild();
        buy("C3", "C", "100.00", 0, false);
        Stats c = stats("C");
        assertThat(c.purchaseCount()).isEqualTo(3);
        assertThat(c.recencyDays()).isZero();
        assertThat(c.frequency12m()).isEqualTo(3);
        assertThat(c.monetary12m()).isEqualByComparingTo("120.00");
        assertThat(c.medianGapDays()).as("gaps of 10 and 190 days").isEqualTo(100.0);
        assertThat(c.valuePercentile()).isEqualTo(50.0);
        assertThat(scores("C")).isEqualTo("R5 F4 M3");
    }

    @Test
    void rebuilding_twice_gives_the_same_rows() {
        app.stats.rebuild();
        Stats first = stats("A");
        app.stats.rebuild();
        assertThat(stats("A")).isEqualTo(first);
    }

    private String scores(String externalId) {
        Stats s = stats(externalId);
        return "R" + s.rScore() + " F" + s.fScore() + " M" + s.mScore();
    }
}
