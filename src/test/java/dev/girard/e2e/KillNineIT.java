package dev.girard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.girard.support.Api;
import dev.girard.support.FlakySmtpServer;
import dev.girard.support.PackagedGirard;
import dev.girard.support.Recipients;
import dev.girard.support.Waiting;

/**
 * The packaged server killed with SIGKILL in the middle of a 20,000-customer run, then started again:
 * every customer gets the card, nobody is skipped, and the only duplicates are the messages that were
 * in flight at the moment of the kill (at most one per worker). Once against GreenMail, which takes one
 * command at a time, and once against a server offering PIPELINING.
 */
class KillNineIT {
    private static final int CUSTOMERS = 20_000;
    private static final int WORKERS = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private PackagedGirard girard;

    @BeforeEach
    void girard() {
        girard = new PackagedGirard(dir, "-Xmx256m");
    }

    @AfterEach
    void stop() throws InterruptedException {
        girard.close();
    }

    @Test
    void a_server_killed_mid_run_finishes_after_restart_with_nobody_skipped_and_duplicates_only_in_flight()
            throws Exception {
        killMidRunAndRestart(SMTP.getSmtp().getPort(), WORKERS, () -> SMTP.getReceivedMessages().length,
                () -> Recipients.count(SMTP.getReceivedMessages()));
    }

    /**
     * The same against a server that offers PIPELINING, where a message's verdict is read with the next
     * message, with the default four workers sharing two connections: each connection may have two messages
     * accepted and not recorded, four in all, one per worker.
     */
    @Test
    void with_pipelining_and_four_workers_on_two_connections_duplicates_are_still_at_most_one_per_worker()
            throws Exception {
        try (FlakySmtpServer smtp = FlakySmtpServer.start().pipelining(true)) {
            killMidRunAndRestart(smtp.port(), 4, smtp::receivedCount, smtp::countByRecipient);
            assertThat(smtp.pipelinedTransactions()).as("the messages went out pipelined").isGreaterThan(CUSTOMERS / 2);
        }
    }

    private void killMidRunAndRestart(int smtpPort, int workers, IntSupplier receivedCount,
            Supplier<Map<String, Integer>> receivedByCustomer) throws Exception {
        int port = PackagedGirard.freePort();
        Path config = dir.resolve("girard.properties");
        Files.writeString(config, String.join("\n",
                "girard.http.port=" + port, "girard.data.dir=" + dir.resolve("data"), "girard.templates.dir=",
                "girard.smtp.host=127.0.0.1", "girard.smtp.port=" + smtpPort, "girard.smtp.security=none",
                "girard.delivery.workers=" + workers, "girard.smtp.connections=2", ""));
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email,locale\n");
        for (int i = 1; i <= CUSTOMERS; i++) {
            csv.append("K").append(i).append(",Kim").append(i).append(",Lee,k").append(i).append("@example.org,en-GB\n");
        }
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, csv);
        assertThat(girard.run(Duration.ofMinutes(5), Map.of(), "-c", config.toString(), "import", "customers", file.toString())).contains(CUSTOMERS + " created or changed");
        String token = girard.run(Duration.ofMinutes(1), Map.of(), "-c", config.toString(), "user", "add", "ops", "--role", "admin").lines()
                .filter(l -> l.startsWith("gir_")).findFirst().orElseThrow();
        Path log = dir.resolve("server.log");

        Process first = girard.serve(log, port, PATIENCE, Map.of(), "-c", config.toString(), "serve");
        Api api = new Api("http://127.0.0.1:" + port, token);
        long campaignId = api.post("/api/campaigns", """
                {"name": "Card", "segment": "everyone-with-email", "template": "monthly-card", "cron": "0 0 9 1 * ?",
                 "timeZone": "UTC", "status": "draft"}""").json().get("id").asLong();
        long runId = api.post("/api/campaigns/" + campaignId + "/run", "").json().get("id").asLong();
        Waiting.until("about half of the cards to arrive", Duration.ofMinutes(5),
                receivedCount::getAsInt, n -> n >= CUSTOMERS / 2);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int atKill = receivedCount.getAsInt();
        assertThat(atKill).as("killed mid-run").isLessThan(CUSTOMERS);

        girard.serve(log, port, PATIENCE, Map.of(), "-c", config.toString(), "serve");
        JsonNode run = Waiting.until("the run to finish after the restart", Duration.ofMinutes(10),
                () -> api.get("/api/runs/" + runId).json(), r -> r.get("status").asText().equals("finished"));

        Map<String, Integer> perCustomer = receivedByCustomer.get();
        int received = perCustomer.values().stream().mapToInt(Integer::intValue).sum();
        int duplicates = received - CUSTOMERS;
        System.out.printf("kill -9 after %d of %d cards (%d workers); after restart: %d received, %d distinct, "
                + "%d duplicates%n", atKill, CUSTOMERS, workers, received, perCustomer.size(), duplicates);
        assertThat(perCustomer).as("every customer got the card").hasSize(CUSTOMERS);
        assertThat(duplicates).as("duplicates are only the messages in flight at the kill").isBetween(0, workers);
        assertThat(perCustomer.values()).allMatch(n -> n == 1 || n == 2);
        assertThat(run.get("sent").asInt()).isEqualTo(CUSTOMERS);
        assertThat(run.get("failed").asInt()).isZero();
        assertThat(run.get("remaining").asInt()).isZero();
    }
}
