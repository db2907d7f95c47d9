package dev.girard.channel.postcard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.App;
import dev.girard.config.Config;
import dev.girard.support.Api;
import dev.girard.support.TestApps;
import dev.girard.support.TestClock;
import dev.girard.support.Waiting;

/** Postcards as the print shop receives them: PDF batches and manifests, read back with PDFBox. */
class PostcardsTest {
    private static final String HEADER = "external_id,first_name,last_name,email,locale,address_line1,city,region,postal_code,country";
    private static final float PT = 72f;

    @TempDir
    Path dir;

    private App app;
    private final TestClock clock = new TestClock(Instant.parse("2026-03-05T02:00:00Z"));

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private Api start(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        values.putIfAbsent("girard.postcard.home.country", "US");
        Config config = TestApps.config(dir, values);
        app = App.serve(config, clock);
        String token = app.users.addUserWithToken("marketer", "marketer", "test");
        return new Api("http://127.0.0.1:" + app.port(), token);
    }

    private static void importCustomers(Api api, String... rows) {
        Api.Response imported = api.postCsv("/api/customers/import", HEADER + "\n" + String.join("\n", rows) + "\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    }

    private static long postcardCampaign(Api api) {
        return campaign(api, "postcard");
    }

    private static long campaign(Api api, String channel) {
        Api.Response created = api.post("/api/campaigns", """
                {"name": "Monthly postcard", "segment": "everyone-with-email", "channel": "%s",
                 "template": "monthly-card", "cron": "0 0 9 1 * ?", "timeZone": "Asia/Shanghai", "status": "draft"}"""
                .formatted(channel));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static JsonNode runAndWait(Api api, long campaignId) {
        Api.Response started = api.post("/api/campaigns/" + campaignId + "/run", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long runId = started.json().get("id").asLong();
        return Waiting.until("run " + runId + " to finish", Duration.ofSeconds(120),
                () -> api.get("/api/runs/" + runId).json(), run -> run.get("status").asText().equals("finished"));
    }

    private Path runFolder(JsonNode run) {
        return dir.resolve("postcards").resolve(run.get("id").asText());
    }

    @Test
    void a_run_prints_chinese_and_english_cards_at_their_real_size_with_bleed_and_a_manifest_line_each() throws Exception {
        Api api = start(Map.of());
        importCustomers(api,
                "C1,芳,王,fang@example.cn,zh-CN,南京西路1号,上海,上海市,200040,CN",
                "C2,Anna,Smith,anna@example.com,en-US,12 Main Street,Springfield,IL,62701,US",
                "C3,Liam,Brown,liam@example.co.uk,en-GB,3 High Street,London,,SW1A 1AA,GB");
        JsonNode run = runAndWait(api, postcardCampaign(api));
        assertThat(run.get("sent").asInt()).isEqualTo(3);

        List<Path> pdfs = PrintedCards.pdfs(runFolder(run));
        // March: design 3, 6 x 11 in; one batch holds all three cards
        assertThat(pdfs).extracting(p -> p.getFileName().toString()).containsExactly("batch-0001-6x11-03-blossom.pdf");
        List<CSVRecord> manifest = PrintedCards.manifests(runFolder(run));
        assertThat(manifest).hasSize(3);
        assertThat(manifest).extracting(r -> r.get("name")).containsExactly("王芳", "Anna Smith", "Liam Brown");
        assertThat(manifest.get(0).get("postal_code")).isEqualTo("200040");
        assertThat(manifest.get(0).get("country")).isEqualTo("CN");
        assertThat(manifest.get(1).get("address_line_1")).isEqualTo("12 Main Street");
        assertThat(manifest).extracting(r -> r.get("front_page") + "/" + r.get("back_page"))
                .containsExactly("1/2", "3/4", "5/6");

        try (PDDocument pdf = PrintedCards.open(pdfs.get(0))) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(6);
            for (PDPage page : pdf.getPages()) {
                // 11 x 6 in trimmed, plus 0.125 in bleed on each side: 11.25 x 6.25 in
                assertThat(page.getMediaBox().getWidth()).isEqualTo(11.25f * PT);
                assertThat(page.getMediaBox().getHeight()).isEqualTo(6.25f * PT);
                PDRectangle trim = page.getTrimBox();
                assertThat(new float[] {trim.getLowerLeftX(), trim.getLowerLeftY(), trim.getWidth(), trim.getHeight()})
                        .containsExactly(9f, 9f, 11f * PT, 6f * PT);
            }
            assertThat(PrintedCards.text(pdf, 1)).contains("王芳");
            assertThat(PrintedCards.text(pdf, 2)).contains("王芳").contains("200040").contains("南京西路1号")
                    .contains("CHINA").contains("春");
            assertThat(PrintedCards.text(pdf, 3)).contains("Anna");
            assertThat(PrintedCards.text(pdf, 4)).contains("Anna Smith").contains("12 Main Street")
                    .contains("Springfield, IL 62701").doesNotContain("UNITED STATES");
            assertThat(PrintedCards.text(pdf, 6)).contains("SW1A 1AA").contains("UNITED KINGDOM");
            assertThat(String.join("", List.of(PrintedCards.text(pdf, 1), PrintedCards.text(pdf, 2)))).doesNotContain("#");
            for (PDPage page : pdf.getPages()) {
                assertThat(PrintedCards.imageDpi(page)).allSatisfy(dpi -> assertThat(dpi).isGreaterThanOrEqualTo(299.5));
            }
            assertThat(PrintedCards.imageDpi(pdf.getPage(0))).isNotEmpty();
        }
        List<String> messageIds = app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT message_id FROM deliveries WHERE status = 'sent' ORDER BY id").mapTo(String.class).list());
        assertThat(messageIds).containsExactly("batch-0001-6x11-03-blossom.pdf#1", "batch-0001-6x11-03-blossom.pdf#2",
                        "batch-0001-6x11-03-blossom.pdf#3");
    }

    @Test
    void the_address_sits_on_the_right_half_above_the_barcode_clear_zone_of_every_size() throws Exception {
        Api api = start(Map.of());
        importCustomers(api, "C1,Anna,Smith,anna@example.com,en-US,12 Main Street,Springfield,IL,62701,US");
        long campaign = postcardCampaign(api);
        // January 6x9, February 4x6, March 6x11
        for (String month : List.of("2027-01-05", "2027-02-05", "2027-03-05")) {
            clock.set(Instant.parse(month + "T02:00:00Z"));
            JsonNode run = runAndWait(api, campaign);
            try (PDDocument pdf = PrintedCards.open(PrintedCards.pdfs(runFolder(run)).get(0))) {
                PDRectangle trim = pdf.getPage(1).getTrimBox();
                float middle = trim.getLowerLeftX() + trim.getWidth() / 2;
                List<PrintedCards.Placed> address = PrintedCards.lines(pdf, 2).stream()
                        .filter(l -> l.text().contains("Anna Smith") || l.text().contains("62701")
                                || l.text().contains("Main Street"))
                        .toList();
                assertThat(address).as(month).hasSize(3);
                for (PrintedCards.Placed line : address) {
                    assertThat(line.left()).as(month + " " + line.text()).isGreaterThan(middle);
                    assertThat(line.right()).isLessThan(trim.getUpperRightX() - 0.5f * PT);
                    // USPS: the barcode clear zone is the lowest 5/8 in; the OCR read area ends 2 3/4 in up
                    assertThat(line.bottom()).isGreaterThan(trim.getLowerLeftY() + 0.625f * PT);
                    assertThat(line.top()).isLessThan(trim.getLowerLeftY() + 2.75f * PT);
                }
                float clearZoneLeft = trim.getUpperRightX() - 4.75f * PT;
                assertThat(PrintedCards.lines(pdf, 2)).as("nothing printed in the barcode clear zone")
                        .noneMatch(l -> l.bottom() < trim.getLowerLeftY() + 0.625f * PT && l.right() > clearZoneLeft);
            }
        }
    }

    @Test
    void a_customer_without_a_complete_postal_address_gets_no_card_and_the_reason_is_recorded() throws Exception {
        Api api = start(Map.of());
        importCustomers(api,
                "C1,Anna,Smith,anna@example.com,en-US,12 Main Street,Springfield,IL,62701,US",
                "C2,James,Taylor,james@example.com,en-US,,Springfield,IL,62701,US",
                "C3,Olivia,Wilson,olivia@example.com,en-US,5 Elm Street,Springfield,IL,,US",
                "C4,敏,李,min@example.cn,zh-CN,南京西路2号,上海,上海市,200040,");
        JsonNode run = runAndWait(api, postcardCampaign(api));
        assertThat(run.get("sent").asInt()).isEqualTo(1);
        assertThat(run.get("skipped").asInt()).isEqualTo(3);
        assertThat(PrintedCards.manifests(runFolder(run))).extracting(r -> r.get("customer")).containsExactly("C1");
        List<String> reasons = app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT last_error FROM deliveries WHERE status = 'skipped'").mapTo(String.class).list());
        assertThat(reasons).containsOnly("no postcard address");
    }

    @Test
    void with_postcard_then_email_a_customer_without_a_complete_address_gets_the_e_mail_instead() throws Exception {
        Api api = start(Map.of());
        importCustomers(api,
                "C1,Anna,Smith,anna@example.com,en-US,12 Main Street,Springfield,IL,62701,US",
                "C2,James,Taylor,james@example.com,en-US,,Springfield,IL,62701,US");
        JsonNode run = runAndWait(api, campaign(api, "postcard, email"));
        assertThat(run.get("sent").asInt()).isEqualTo(2);
        assertThat(PrintedCards.manifests(runFolder(run))).extracting(r -> r.get("customer")).containsExactly("C1");
        try (Stream<Path> mails = Files.list(dir.resolve("outbox"))) {
            List<Path> eml = mails.toList();
            assertThat(eml).hasSize(1);
            assertThat(Files.readString(eml.get(0))).contains("james@example.com");
        }
        Map<String, Long> costs = new HashMap<>();
        app.database.jdbi().useHandle(h -> h.createQuery("SELECT channel, cost_micros FROM deliveries")
                .map((rs, ctx) -> Map.entry(rs.getString("channel"), rs.getLong("cost_micros")))
                .forEach(e -> costs.put(e.getKey(), e.getValue())));
        assertThat(costs).containsEntry("postcard", 800_000L).containsEntry("email", 1_000L);
    }

    @Test
    void the_rotation_never_gives_a_customer_the_same_design_twice_in_a_row() throws Exception {
        Api api = start(Map.of());
        importCustomers(api,
                "C1,Anna,Smith,anna@example.com,en-US,12 Main Street,Springfield,IL,62701,US",
                "C2,芳,王,fang@example.cn,zh-CN,南京西路1号,上海,上海市,200040,CN");
        long campaign = postcardCampaign(api);
        // C2 has no address from April to July 2026, so her card after March 2026 is in March 2027
        List<String> months = List.of("2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2027-03", "2027-04", "2028-03");
        Map<String, List<Integer>> designs = new LinkedHashMap<>();
        for (String month : months) {
            clock.set(Instant.parse(month + "-05T02:00:00Z"));
            String address = month.compareTo("2026-04") >= 0 && month.compareTo("2026-07") <= 0 ? "" : "南京西路1号";
            importCustomers(api, "C2,芳,王,fang@example.cn,zh-CN," + address + ",上海,上海市,200040,CN");
            JsonNode run = runAndWait(api, campaign);
            for (CSVRecord card : PrintedCards.manifests(runFolder(run))) {
                designs.computeIfAbsent(card.get("customer"), k -> new java.util.ArrayList<>())
                        .add(Integer.parseInt(card.get("design").substring(0, 2)));
            }
        }
        // Anna: each month's own design (her previous card was always another month's)
        assertThat(designs.get("C1")).containsExactly(3, 4, 5, 6, 7, 3, 4, 3);
        // 王芳: March 2026, then March 2027 gets April's design, so April 2027 gets May's; March 2028 is March's again
        assertThat(designs.get("C2")).containsExactly(3, 4, 5, 3);
        for (List<Integer> sequence : designs.values()) {
            for (int i = 1; i < sequence.size(); i++) {
                assertThat(sequence.get(i)).as("card %d of %s", i + 1, sequence).isNotEqualTo(sequence.get(i - 1));
            }
        }
    }

    @Test
    void a_run_fills_batches_of_the_configured_size_and_every_card_is_in_exactly_one() throws Exception {
        Api api = start(Map.of("girard.postcard.batch.size", "4"));
        String[] rows = new String[10];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = "C" + i + ",Anna" + i + ",Smith,anna" + i + "@example.com,en-US," + (i + 1) + " Main Street,Springfield,IL,62701,US";
        }
        importCustomers(api, rows);
        JsonNode run = runAndWait(api, postcardCampaign(api));
        assertThat(run.get("sent").asInt()).isEqualTo(10);
        List<Path> pdfs = PrintedCards.pdfs(runFolder(run));
        assertThat(pdfs).extracting(p -> p.getFileName().toString()).containsExactly(
                "batch-0001-6x11-03-blossom.pdf", "batch-0002-6x11-03-blossom.pdf", "batch-0003-6x11-03-blossom.pdf");
        List<Integer> cardsPerBatch = new java.util.ArrayList<>();
        for (Path pdf : pdfs) {
            try (PDDocument document = PrintedCards.open(pdf)) {
                int cards = PrintedCards.manifest(runFolder(run).resolve(PostcardPrinter.manifestName(pdf.getFileName().toString()))).size();
                assertThat(document.getNumberOfPages()).isEqualTo(2 * cards);
                cardsPerBatch.add(cards);
            }
        }
        assertThat(cardsPerBatch).containsExactly(4, 4, 2);
        assertThat(PrintedCards.manifests(runFolder(run))).extracting(r -> r.get("customer"))
                .containsExactlyInAnyOrder(Stream.of(rows).map(r -> r.substring(0, r.indexOf(','))).toArray(String[]::new));
    }

    @Test
    void stopping_the_server_in_the_middle_of_a_batch_leaves_no_half_written_pdf_and_the_next_start_finishes_it()
            throws Exception {
        Map<String, String> settings = Map.of("girard.postcard.batch.size", "150");
        Api api = start(settings);
        String[] rows = new String[400];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = "C" + i + ",Anna" + i + ",Smith,anna" + i + "@example.com,en-US," + (i + 1) + " Main Street,Springfield,IL,62701,US";
        }
        importCustomers(api, rows);
        long campaign = postcardCampaign(api);
        Api.Response started = api.post("/api/campaigns/" + campaign + "/run", "");
        long runId = started.json().get("id").asLong();
        var jdbi = app.database.jdbi();
        Waiting.until("a batch being written", Duration.ofSeconds(60),
                () -> jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM postcard_batches WHERE status = 'writing'")
                        .mapTo(Integer.class).one()), n -> n > 0);
        app.close();
        app = null;

        Path folder = dir.resolve("postcards").resolve(String.valueOf(runId));
        for (Path pdf : PrintedCards.pdfs(folder)) {
            // whatever is visible is complete: it opens, and has the pages its manifest promises
            try (PDDocument document = PrintedCards.open(pdf)) {
                int cards = PrintedCards.manifest(folder.resolve(PostcardPrinter.manifestName(pdf.getFileName().toString()))).size();
                assertThat(document.getNumberOfPages()).isEqualTo(2 * cards);
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("postcards"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .allMatch(name -> name.equals(String.valueOf(runId)) || name.equals(PostcardPrinter.INCOMPLETE));
        }

        api = start(settings);
        Api restarted = api;
        JsonNode run = Waiting.until("the run to finish after the restart", Duration.ofSeconds(120),
                () -> restarted.get("/api/runs/" + runId).json(), r -> r.get("status").asText().equals("finished"));
        assertThat(run.get("sent").asInt()).isEqualTo(400);
        List<CSVRecord> manifest = PrintedCards.manifests(folder);
        assertThat(manifest).hasSize(400);
        assertThat(manifest.stream().map(r -> r.get("card_id")).collect(Collectors.toSet())).hasSize(400);
        int pages = 0;
        for (Path pdf : PrintedCards.pdfs(folder)) {
            try (PDDocument document = PrintedCards.open(pdf)) {
                pages += document.getNumberOfPages();
            }
        }
        assertThat(pages).isEqualTo(800);
        try (Stream<Path> leftovers = Files.list(dir.resolve("postcards").resolve(PostcardPrinter.INCOMPLETE))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void a_missing_font_stops_the_start_with_what_to_install() {
        Config config = TestApps.config(dir, Map.of("girard.postcard.fonts", "/nonexistent/DroidSansFallbackFull.ttf"));
        assertThatThrownBy(() -> App.serve(config, clock))
                .hasMessageContaining("/nonexistent/DroidSansFallbackFull.ttf")
                .hasMessageContaining("girard.postcard.fonts")
                .hasMessageContaining("apt-get install fonts-dejavu-core fonts-droid-fallback");
    }

    @Test
    void fonts_without_chinese_characters_are_refused_at_start() {
        Config config = TestApps.config(dir, Map.of("girard.postcard.fonts", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
        assertThatThrownBy(() -> App.serve(config, clock)).hasMessageContaining("has Chinese characters");
    }
}
