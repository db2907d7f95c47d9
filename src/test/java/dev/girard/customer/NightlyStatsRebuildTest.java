package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/** The stats rebuild runs on its Quartz trigger, with the schedule from the configuration. */
class NightlyStatsRebuildTest {
    @TempDir
    Path dir;

    @Test
    void the_configured_cron_schedules_the_rebuild_and_a_fire_ranks_the_customers() {
        try (App nightly = TestApps.serve(TestApps.config(dir.resolve("nightly"), Map.of("girard.stats.cron", "0 30 2 * * ?",
                "girard.timezone", "Asia/Shanghai")))) {
            Instant next = nightly.scheduler.nextMaintenance(App.STATS_REBUILD).orElseThrow();
            assertThat(next.atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalTime()).isEqualTo(java.time.LocalTime.of(2, 30));
            assertThat(next).isBetween(Instant.now(), Instant.now().plus(Duration.ofDays(1)));
        }
        try (App app = TestApps.serve(TestApps.config(dir.resolve("every-second"), Map.of("girard.stats.cron", "* * * * * ?")))) {
            app.customers.create(Map.of("externalId", "A", "email", "a@example.com"));
            app.purchases.record(Map.of("externalId", "P1", "customerExternalId", "A", "amount", "10", "currency", "EUR"));
            long id = app.customerStore.findByExternalId("A").orElseThrow().id();
            assertThat(app.stats.find(id).orElseThrow().valuePercentile()).isNull();
            Stats ranked = Waiting.until("the scheduled rebuild to rank customer A", Duration.ofSeconds(20),
                    () -> app.stats.find(id).orElseThrow(), s -> s.valuePercentile() != null);
            assertThat(ranked.rScore()).isEqualTo(1);
        }
    }
}
