package dev.girard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.support.Api;
import dev.girard.support.CustomersCsv;
import dev.girard.support.PackagedGirard;
import dev.girard.support.Waiting;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** The packaged jar, run as a user runs it: its own process, a config file, the command line and HTTP. */
class PackagedServerIT {
    @TempDir
    Path dir;

    private PackagedGirard girard;

    @BeforeEach
    void girard() {
        girard = new PackagedGirard(dir);
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        girard.close();
    }

    private static List<MimeMessage> pickedUp(Path outbox) throws Exception {
        List<MimeMessage> messages = new ArrayList<>();
        Session session = Session.getInstance(new Properties());
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    messages.add(new MimeMessage(session, in));
                }
            }
        }
        return messages;
    }

    /** Cards in a run's postcard batches: the lines of their manifests. */
    private static long postcardCount(Path runFolder) throws IOException {
        if (!Files.isDirectory(runFolder)) {
            return 0;
        }
        long cards = 0;
        try (Stream<Path> files = Files.list(runFolder)) {
            for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                cards += Files.readAllLines(csv, StandardCharsets.UTF_8).size() - 1;
            }
        }
        return cards;
    }

    private static long emlCount(Path outbox) {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.toString().endsWith(".eml")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void cli_import_then_api_campaign_writes_one_card_per_customer_to_the_pickup_folder() throws Exception {
        int port = PackagedGirard.freePort();
        Path config = dir.resolve("girard.properties");
        Files.writeString(config, "girard.http.port=" + port + "\ngirard.data.dir=" + dir.resolve("data") + "\n"
                + "girard.templates.dir=\ngirard.business.name=Corner Tea Shop\n");
        String added = girard.run(Duration.ofSeconds(120), Map.of(), "-c", config.toString(), "user", "add", "owner", "--role", "admin");
        String token = added.lines().filter(l -> l.startsWith("gir_")).findFirst().orElseThrow();

        List<CustomersCsv.Row> customers = CustomersCsv.rows(12);
        Path csv = dir.resolve("customers.csv");
        Files.writeString(csv, CustomersCsv.csv(customers) + "X1,Bad,Row,not-an-address,,en-GB,,,\n");
        Process importing = girard.command(Map.of(), "-c", config.toString(), "import", "customers", csv.toString()).start();
        String importOutput = new String(importing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(importing.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(importing.exitValue()).as("an import with refused rows exits 3").isEqualTo(3);
        assertThat(importOutput).contains("13 rows, 12 created or changed").contains("line 14, column email 'not-an-address'");

        Path log = dir.resolve("server.log");
        girard.serve(log, port, Duration.ofSeconds(60), Map.of(), "-c", config.toString(), "serve");
        Api api = new Api("http://127.0.0.1:" + port, token);
        Api.Response created = api.post("/api/campaigns", """
                {"name": "Monthly card", "segment": "everyone-with-email", "template": "monthly-card",
                 "cron": "0 0 9 1 * ?", "timeZone": "Asia/Shanghai", "status": "active"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long runId = api.post("/api/campaigns/" + created.json().get("id").asLong() + "/run", "").json().get("id").asLong();
        JsonNode run = Waiting.until("the run to finish", Duration.ofSeconds(60), () -> api.get("/api/runs/" + runId).json(),
                r -> r.get("status").asText().equals("finished"));
        assertThat(run.get("sent").asInt()).isEqualTo(12);

        List<MimeMessage> messages = pickedUp(dir.resolve("data/outbox"));
        assertThat(messages).hasSize(12);
        Set<String> recipients = new HashSet<>();
        for (MimeMessage message : messages) {
            recipients.add(((InternetAddress) message.getAllRecipients()[0]).getAddress());
            assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Corner Tea Shop");
        }
        assertThat(recipients).containsExactlyInAnyOrderElementsOf(customers.stream().map(CustomersCsv.Row::email).toList());

        String subject = girard.run(Duration.ofSeconds(120), Map.of(), "-c", config.toString(), "render", "--template", "monthly-card",
                "--customer", "T1", "--part", "subject", "--month", "12");
        assertThat(subject.strip()).contains(customers.get(0).firstName());
    }

    @Test
    void serve_demo_prints_a_working_curl_command_that_sends_a_thousand_cards() throws Exception {
        int port = PackagedGirard.freePort();
        // texts may go at any hour here: the test must not depend on the time of day in Shanghai
        Map<String, String> env = Map.of("GIRARD_HTTP_PORT", String.valueOf(port),
                "GIRARD_DATA_DIR", dir.resolve("data").toString(), "GIRARD_SMS_QUIET_HOURS", "00:00-00:00");
        Path log = dir.resolve("demo.log");
        Process server = girard.start(log, env, "serve", "--demo");
        Matcher curl = Waiting.until("the demo to print its curl command", Duration.ofSeconds(90), () -> {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited: " + PackagedGirard.read(log));
            }
            return Pattern.compile("curl -X POST -H 'Authorization: Bearer (gir_[\\w-]+)' (http://\\S+/api/campaigns/\\d+/run)")
                    .matcher(PackagedGirard.read(log));
        }, Matcher::find);
        String token = curl.group(1);
        String url = curl.group(2);

        Api api = new Api(url.substring(0, url.indexOf("/api/")), token);
        long started = System.nanoTime();
        Api.Response response = api.post(url.substring(url.indexOf("/api/")), "");
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        // the demo's card goes by post to customers with a full postal address, by e-mail to the others with an
        // address, and by text to the walk-in customers who left only a phone number and an SMS opt-in
        long runId = response.json().get("id").asLong();
        JsonNode run = Waiting.until("the demo run to finish", Duration.ofSeconds(300),
                () -> api.get("/api/runs/" + runId).json(), r -> r.get("status").asText().equals("finished"));
        System.out.printf("demo: 1,000 cards rendered and written in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        long emails = emlCount(dir.resolve("data/outbox"));
        long postcards = postcardCount(dir.resolve("data/postcards").resolve(String.valueOf(runId)));
        long texts = Files.readAllLines(dir.resolve("data/sms-outbox.jsonl")).stream().filter(l -> !l.isBlank()).count();
        assertThat(run.get("sent").asInt()).isEqualTo(1000);
        assertThat(emails + postcards + texts).isEqualTo(1000);
        assertThat(emails).isPositive();
        assertThat(postcards).isPositive();
        assertThat(texts).isPositive();
        assertThat(PackagedGirard.read(log)).contains("Girard is running at http://localhost:" + port);
    }
}
