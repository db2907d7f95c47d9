package dev.girard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.girard.support.Api;
import dev.girard.support.Waiting;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The packaged server killed with SIGKILL in the middle of a 20,000-customer run, then started again:
 * every customer gets the card, nobody is skipped, and the only duplicates are the messages that were
 * in flight at the moment of the kill (at most one per worker).
 */
class KillNineIT {
    private static final Path JAR = Path.of(System.getProperty("girard.jar", "target/girard.jar"));
    private static final int CUSTOMERS = 20_000;
    private static final int WORKERS = 2;

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private ProcessBuilder girard(Path config, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(),
                "-c", config.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GIRARD_"));
        return builder;
    }

    private Process serve(Path config, Path log, int port) {
        try {
            Process process = girard(config, "serve").redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            processes.add(process);
            Api anonymous = new Api("http://127.0.0.1:" + port, null);
            Waiting.until("the server to answer /health", Duration.ofSeconds(60), () -> {
                assertThat(process.isAlive()).as("server alive").isTrue();
                try {
                    return anonymous.get("/health").status();
                } catch (RuntimeException e) {
                    return 0;
                }
            }, status -> status == 200);
            return process;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String run(Path config, String... args) throws Exception {
        Process process = girard(config, args).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void a_server_killed_mid_run_finishes_after_restart_with_nobody_skipped_and_duplicates_only_in_flight()
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("girard.properties");
        Files.writeString(config, String.join("\n",
                "girard.http.port=" + port, "girard.data.dir=" + dir.resolve("data"), "girard.templates.dir=",
                "girard.smtp.host=127.0.0.1", "girard.smtp.port=" + SMTP.getSmtp().getPort(), "girard.smtp.security=none",
                "girard.delivery.workers=" + WORKERS, ""));
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email,locale\n");
        for (int i = 1; i <= CUSTOMERS; i++) {
            csv.append("K").append(i).append(",Kim").append(i).append(",Lee,k").append(i).append("@example.org,en-GB\n");
        }
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, csv);
        assertThat(run(config, "import", "customers", file.toString())).contains(CUSTOMERS + " created or changed");
        String token = run(config, "user", "add", "ops", "--role", "admin").lines()
                .filter(l -> l.startsWith("gir_")).findFirst().orElseThrow();
        Path log = dir.resolve("server.log");

        Process first = serve(config, log, port);
        Api api = new Api("http://127.0.0.1:" + port, token);
        long campaignId = api.post("/api/campaigns", """
                {"name": "Card", "segment": "everyone-with-email", "template": "monthly-card", "cron": "0 0 9 1 * ?",
                 "timeZone": "UTC", "status": "draft"}""").json().get("id").asLong();
        long runId = api.post("/api/campaigns/" + campaignId + "/run", "").json().get("id").asLong();
        Waiting.until("about half of the cards to arrive", Duration.ofMinutes(5),
                () -> SMTP.getReceivedMessages().length, n -> n >= CUSTOMERS / 2);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int atKill = SMTP.getReceivedMessages().length;
        assertThat(atKill).as("killed mid-run").isLessThan(CUSTOMERS);

        serve(config, log, port);
        JsonNode run = Waiting.until("the run to finish after the restart", Duration.ofMinutes(10),
                () -> api.get("/api/runs/" + runId).json(), r -> r.get("status").asText().equals("finished"));

        Map<String, Integer> perCustomer = new HashMap<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            for (Address to : message.getAllRecipients()) {
                perCustomer.merge(((InternetAddress) to).getAddress(), 1, Integer::sum);
            }
        }
        int received = perCustomer.values().stream().mapToInt(Integer::intValue).sum();
        int duplicates = received - CUSTOMERS;
        System.out.printf("kill -9 after %d of %d cards; after restart: %d received, %d distinct, %d duplicates%n",
                atKill, CUSTOMERS, received, perCustomer.size(), duplicates);
        assertThat(perCustomer).as("every customer got the card").hasSize(CUSTOMERS);
        assertThat(duplicates).as("duplicates are only the messages in flight at the kill").isBetween(0, WORKERS);
        assertThat(perCustomer.values()).allMatch(n -> n == 1 || n == 2);
        assertThat(run.get("sent").asInt()).isEqualTo(CUSTOMERS);
        assertThat(run.get("failed").asInt()).isZero();
        assertThat(run.get("remaining").asInt()).isZero();
    }
}
