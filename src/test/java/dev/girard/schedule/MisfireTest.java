package dev.girard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.config.Config;
import dev.girard.support.CustomersCsv;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/** A fire missed while the server was down runs exactly once when it comes back. */
class MisfireTest {
    @TempDir
    Path dir;

    private App app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_campaign_whose_fire_time_passed_while_stopped_runs_exactly_once_at_start() throws Exception {
        Config config = TestApps.config(dir, Map.of("girard.scheduler.misfire.threshold.ms", "1000"));
        app = TestApps.serve(config);
        app.imports.importUpload(new java.io.ByteArrayInputStream(CustomersCsv.csv(CustomersCsv.rows(5)).getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.csv", null, app.customerImport);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        ZonedDateTime fireAt = ZonedDateTime.now(zone).plusSeconds(4);
        // a one-off cron (with a year) so "exactly once" is observable
        String cron = fireAt.format(DateTimeFormatter.ofPattern("s m H d M '?' uuuu"));
        long id = app.campaigns.create(Map.of("name", "One-off", "segment", "everyone-with-email",
                "template", "monthly-card", "cron", cron, "timeZone", zone.getId(), "status", "active")).id();
        app.close();
        app = null;

        Thread.sleep(Duration.between(ZonedDateTime.now(zone), fireAt).toMillis() + 2500);
        assertThat(ZonedDateTime.now(zone)).isAfter(fireAt.plusSeconds(1));
        app = TestApps.serve(config);

        var runs = Waiting.until("the missed fire to run", Duration.ofSeconds(30),
                () -> app.runs.list(id, 10), list -> list.size() == 1 && list.get(0).status().equals("finished"));
        assertThat(runs.get(0).sent()).isEqualTo(5);
        Thread.sleep(3000);
        assertThat(app.runs.list(id, 10)).hasSize(1);
        try (var files = Files.list(config.outboxDir())) {
            assertThat(files.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(5);
        }
    }
}
