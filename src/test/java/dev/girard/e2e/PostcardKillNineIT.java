package dev.girard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.support.Api;
import dev.girard.support.PackagedGirard;
import dev.girard.support.Waiting;

/**
 * The packaged server killed with SIGKILL while it writes a postcard batch, then started again: the print
 * shop's folder never shows a half-written PDF, and after the restart every card is in exactly one batch.
 */
class PostcardKillNineIT {
    private static final int CUSTOMERS = 600;
    private static final int BATCH = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

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

    /** True once a batch is printed and the next one is being written. */
    private boolean secondBatchBeingWritten(Path database) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                ResultSet rs = c.createStatement().executeQuery("SELECT SUM(CASE WHEN status = 'printed' THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN status = 'writing' THEN 1 ELSE 0 END) FROM postcard_batches")) {
            return rs.getInt(1) >= 1 && rs.getInt(2) >= 1;
        } catch (SQLException e) {
            // not migrated yet, or busy: ask again
            return false;
        }
    }

    /** Every PDF visible in the run's folder opens and has two pages per line of its manifest; returns the lines. */
    private static List<CSVRecord> visibleCards(Path folder) throws IOException {
        List<CSVRecord> cards = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return cards;
        }
        List<Path> pdfs;
        try (Stream<Path> files = Files.list(folder)) {
            pdfs = files.filter(f -> f.toString().endsWith(".pdf")).sorted().toList();
        }
        for (Path pdf : pdfs) {
            Path csv = Path.of(pdf.toString().replaceAll("\\.pdf$", ".csv"));
            List<CSVRecord> lines;
            try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                lines = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
            }
            try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
                assertThat(document.getNumberOfPages()).as(pdf.getFileName().toString()).isEqualTo(2 * lines.size());
            }
            cards.addAll(lines);
        }
        return cards;
    }

    @Test
    void a_server_killed_while_writing_a_batch_shows_no_half_written_pdf_and_prints_every_card_once_after_restart()
            throws Exception {
        int port = PackagedGirard.freePort();
        Path data = dir.resolve("data");
        Path config = dir.resolve("girard.properties");
        Files.writeString(config, String.join("\n", "girard.http.port=" + port, "girard.data.dir=" + data,
                "girard.templates.dir=", "girard.postcard.batch.size=" + BATCH, ""));
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email,locale,address_line1,city,postal_code,country\n");
        for (int i = 1; i <= CUSTOMERS; i++) {
            csv.append(i % 2 == 0
                    ? "P" + i + ",芳,王" + i + ",p" + i + "@example.cn,zh-CN,南京西路" + i + "号,上海,200040,CN\n"
                    : "P" + i + ",Anna,Smith" + i + ",p" + i + "@example.org,en-US," + i + " Main Street,Springfield,62701,US\n");
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
                {"name": "Postcard", "segment": "everyone-with-email", "channel": "postcard", "template": "monthly-card",
                 "cron": "0 0 9 1 * ?", "timeZone": "UTC", "status": "draft"}""").json().get("id").asLong();
        long runId = api.post("/api/campaigns/" + campaignId + "/run", "").json().get("id").asLong();
        Waiting.until("the second batch being written", Duration.ofMinutes(5),
                () -> secondBatchBeingWritten(data.resolve("girard.db")), yes -> yes);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Path folder = data.resolve("postcards").resolve(String.valueOf(runId));
        int atKill = visibleCards(folder).size();
        assertThat(atKill).as("killed after the first batch, before the last").isBetween(BATCH, CUSTOMERS - BATCH);

        girard.serve(log, port, PATIENCE, Map.of(), "-c", config.toString(), "serve");
        JsonNode run = Waiting.until("the run to finish after the restart", Duration.ofMinutes(10),
                () -> api.get("/api/runs/" + runId).json(), r -> r.get("status").asText().equals("finished"));

        List<CSVRecord> cards = visibleCards(folder);
        Map<String, Integer> perCustomer = new HashMap<>();
        cards.forEach(c -> perCustomer.merge(c.get("customer"), 1, Integer::sum));
        System.out.printf("kill -9 while writing a batch, %d cards visible; after restart: %d cards, %d customers%n",
                atKill, cards.size(), perCustomer.size());
        assertThat(perCustomer).hasSize(CUSTOMERS);
        assertThat(perCustomer.values()).allMatch(n -> n == 1);
        assertThat(run.get("sent").asInt()).isEqualTo(CUSTOMERS);
        assertThat(run.get("remaining").asInt()).isZero();
        try (Stream<Path> leftovers = Files.list(data.resolve("postcards").resolve(".incomplete"))) {
            assertThat(leftovers).isEmpty();
        }
    }
}
