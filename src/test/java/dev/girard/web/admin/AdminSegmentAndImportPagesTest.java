package dev.girard.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.campaign.Campaign;
import dev.girard.support.AdminClient;
import dev.girard.support.Api;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/**
 * The admin page's newer forms over real HTTP: saving segments from the builder, the campaign form's holiday and
 * customer-local-time schedules with who gets what, the CSV import with its progress and refused rows, and the
 * postcard preview; each refused without its CSRF token or for a viewer, and every typed value shown as text.
 */
class AdminSegmentAndImportPagesTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final String PASSWORD = "a long password 1";
    private static final String SHANGHAI = "{\"filter\": {\"all\": [{\"field\": \"city\", \"op\": \"eq\", \"value\": \"Shanghai\"}]}}";

    @TempDir
    static Path dir;

    private static App app;
    private static String base;
    private static long mailOnly;

    @BeforeAll
    static void start() {
        app = TestApps.serve(TestApps.config(dir, Map.of()));
        base = "http://127.0.0.1:" + app.port();
        TestApps.addUsers(app, PASSWORD, new String[][] {{"mark", "marketer"}, {"vera", "viewer"}});
        Api api = new Api(base, app.users.addUserWithToken("script", "marketer", "test"));
        String[] customers = {
            "{\"externalId\": \"a\", \"firstName\": \"Ann\", \"lastName\": \"Lee\", \"email\": \"ann@example.com\", \"city\": \"Shanghai\","
                + " \"addressLine1\": \"1 Nanjing Road\", \"postalCode\": \"200000\", \"country\": \"CN\"}",
            "{\"externalId\": \"b\", \"firstName\": \"Bo\", \"lastName\": \"Wu\", \"phone\": \"+8613800138000\", \"city\": \"Shanghai\"}",
            "{\"externalId\": \"c\", \"firstName\": \"" + SCRIPT + "\", \"lastName\": \"X\", \"email\": \"c@example.com\", \"city\": \"Beijing\"}"};
        for (String json : customers) {
            Api.Response created = api.post("/api/customers", json);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        mailOnly = app.customerStore.search("ann", 1, 0).get(0).id();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static AdminClient signedIn(String name) {
        return AdminClient.signedIn(base, name, PASSWORD);
    }

    private static Map<String, String> segmentForm(String name, String params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("description", SCRIPT);
        form.put("base", "custom");
        form.put("params", params);
        form.put("version", "");
        return form;
    }

    @Test
    void a_marketer_saves_a_segment_from_the_builder_and_picks_it_in_the_campaign_form() {
        AdminClient mark = signedIn("mark");
        AdminClient.Page preview = mark.get("/admin/segments/preview?base=custom&params=" + encode(SHANGHAI));
        assertThat(preview.body()).contains("data-count=\"2\"").contains("Shanghai");

        AdminClient.Page saved = mark.submit("/admin/segments", "/admin/segments", segmentForm("Shanghai " + SCRIPT, SHANGHAI));
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        String location = saved.header("Location");
        assertThat(location).matches("/admin/segments/saved/\\d+\\?done=saved");
        long id = Long.parseLong(location.replaceAll("\\D+(\\d+).*", "$1"));

        AdminClient.Page page = mark.get("/admin/segments/saved/" + id);
        assertThat(page.body()).doesNotContain(SCRIPT).contains("Shanghai " + ESCAPED).contains("value=\"" + ESCAPED + "\"");
        AdminClient.Page form = mark.get("/admin/campaigns/new?segment=saved:" + id);
        assertThat(form.body()).doesNotContain(SCRIPT).contains("<option value=\"saved:" + id + "\" title=\"Shanghai " + ESCAPED);
        assertThat(form.body()).containsPattern("value=\"saved:" + id + "\"[^>]*selected");
        assertThat(app.audit.recent("segment", 5, 0)).extracting(e -> e.action()).contains("create");

        // someone else saves first: the second edit of version 1 is refused, not lost silently
        Map<String, String> edit = segmentForm("Shanghai", SHANGHAI);
        edit.put("version", "1");
        assertThat(mark.submit("/admin/segments", "/admin/segments/saved/" + id, edit).status()).isEqualTo(303);
        AdminClient.Page stale = mark.submit("/admin/segments", "/admin/segments/saved/" + id, edit);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("id=\"conflict\"");
    }

    @Test
    void builder_errors_name_the_condition_and_values_show_as_text() {
        AdminClient mark = signedIn("mark");
        String bad = "{\"filter\": {\"all\": [{\"field\": \"city\", \"op\": \"after\", \"value\": \"" + SCRIPT.replace("/", "\\/") + "\"}]}}";
        AdminClient.Page preview = mark.get("/admin/segments/preview?base=custom&params=" + encode(bad));
        assertThat(preview.body()).contains("segmentParams.filter.all[0].op").contains("is not an operator for text fields")
                .doesNotContain(SCRIPT);
        AdminClient.Page sample = mark.get("/admin/segments/preview?base=custom&params="
                + encode("{\"filter\": {\"field\": \"city\", \"op\": \"eq\", \"value\": \"Beijing\"}}"));
        assertThat(sample.body()).contains(ESCAPED + " X").doesNotContain(SCRIPT);
        AdminClient.Page refused = mark.submit("/admin/segments", "/admin/segments", segmentForm("Bad", bad));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"form-errors\"").contains("segmentParams.filter.all[0].op");
    }

    @Test
    void segment_and_import_forms_refuse_a_missing_token_and_a_viewer() {
        AdminClient mark = signedIn("mark");
        int before = app.segments.savedSegments().list().size();
        assertThat(mark.post("/admin/segments", segmentForm("No token", SHANGHAI)).status()).isEqualTo(403);
        assertThat(mark.upload("/admin/customers/import", "not-the-token", "c.csv", "external_id\nz\n").status()).isEqualTo(403);

        AdminClient vera = signedIn("vera");
        assertThat(vera.get("/admin/segments").status()).isEqualTo(200);
        assertThat(vera.get("/admin/segments/preview?base=custom&params=" + encode(SHANGHAI)).body()).contains("data-count=\"2\"");
        String token = vera.get("/admin/segments").csrf();
        Map<String, String> form = new LinkedHashMap<>(segmentForm("By a viewer", SHANGHAI));
        form.put("_csrf", token);
        AdminClient.Page create = vera.post("/admin/segments", form);
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body()).contains("vera is a viewer and may only read");
        assertThat(vera.upload("/admin/customers/import", token, "c.csv", "external_id\nz\n").status()).isEqualTo(403);
        assertThat(app.segments.savedSegments().list()).hasSize(before);
        assertThat(app.customerStore.search("z", 5, 0)).isEmpty();
    }

    @Test
    void a_birthday_greeting_at_each_customers_nine_oclock_by_email_else_sms() {
        AdminClient mark = signedIn("mark");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Birthday greeting");
        form.put("segment", "birthday-today");
        form.put("channel", "email,sms");
        form.put("template", "birthday");
        form.put("schedule", "daily");
        form.put("time", "09:00");
        form.put("local", "on");
        form.put("timeZone", "Asia/Shanghai");
        form.put("holdoutPercent", "0");
        form.put("validDays", "7");
        AdminClient.Page saved = mark.submit("/admin/campaigns/new", "/admin/campaigns", form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        Campaign c = app.campaigns.list().stream().filter(x -> x.name().equals("Birthday greeting")).findFirst().orElseThrow();
        assertThat(c.cron()).isEqualTo("0 0 * * * ?");
        assertThat(c.segmentParams()).containsEntry("localHour", 9);
        assertThat(c.channel()).isEqualTo("email,sms");
        assertThat(mark.get("/admin/campaigns/" + c.id()).body())
                .contains("Every day at 09:00 in each customer&#39;s own time zone");
        AdminClient.Page edit = mark.get("/admin/campaigns/" + c.id() + "/edit");
        assertThat(edit.body()).containsPattern("id=\"local\"\\s+checked").contains("<option value=\"daily\" selected>")
                .contains("<option value=\"email,sms\" selected>");

        // who it reaches and by which channel: e-mail where there is an address, else SMS, else nobody
        AdminClient.Page audience = mark.get("/admin/campaigns/audience?segment=everyone-reachable&param.channel=email"
                + "&channel=" + encode("email,sms") + "&template=birthday&schedule=daily&local=on&time=09:00");
        assertThat(audience.body()).contains("each gets it at 09:00 in their own time zone")
                .contains("data-channel=\"email\"").contains("/admin/templates/email/birthday?customer=" + mailOnly);
        AdminClient.Page both = mark.get("/admin/campaigns/audience?segment=custom&param.filter=" + encode("{\"all\": []}")
                + "&channel=" + encode("email,sms") + "&template=birthday");
        assertThat(both.body()).contains("not reachable").doesNotContain(SCRIPT);
    }

    @Test
    void on_a_holiday_sets_the_holiday_segment_with_its_calendar_and_holidays() {
        AdminClient mark = signedIn("mark");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", "Festival card");
        form.put("segment", "everyone-with-email");
        form.put("channel", "email");
        form.put("template", "holiday-greeting");
        form.put("schedule", "holiday");
        form.put("time", "10:00");
        form.put("timeZone", "Asia/Shanghai");
        form.put("holdoutPercent", "0");
        form.put("validDays", "7");
        AdminClient.Page wrong = mark.submit("/admin/campaigns/new", "/admin/campaigns", form);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("goes with the segment holiday-today");

        form.put("segment", "holiday-today");
        form.put("param.region", "CN");
        String token = mark.get("/admin/campaigns/new").csrf();
        String body = "_csrf=" + encode(token) + "&param.holidays=spring-festival&param.holidays=mid-autumn&" + String.join("&",
                form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).toList());
        AdminClient.Page saved = mark.postRaw("/admin/campaigns", body);
        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        Campaign c = app.campaigns.list().stream().filter(x -> x.name().equals("Festival card")).findFirst().orElseThrow();
        assertThat(c.cron()).isEqualTo("0 0 10 * * ?");
        assertThat(c.segmentParams()).containsEntry("region", "CN")
                .containsEntry("holidays", List.of("spring-festival", "mid-autumn"));
        assertThat(mark.get("/admin/campaigns/" + c.id()).body()).contains("On each holiday of the CN calendar at 10:00 (Asia/Shanghai)");
        AdminClient.Page edit = mark.get("/admin/campaigns/" + c.id() + "/edit");
        assertThat(edit.body()).contains("<option value=\"holiday\" selected>")
                .containsPattern("value=\"spring-festival\"\\s+checked").containsPattern("value=\"mid-autumn\"\\s+checked")
                .doesNotContainPattern("value=\"national-day\"\\s+checked");
    }

    @Test
    void a_csv_import_shows_its_progress_then_the_refused_rows_to_download() {
        AdminClient mark = signedIn("mark");
        String csv = "external_id,first_name,last_name,email\nI1,Ida,One,ida@example.com\nI2,Ivo,Two,not-an-address\n"
                + "I3,Ina,Three," + SCRIPT + "\nI4,Ira,Four,ira@example.com\n";
        String token = mark.get("/admin/customers/import").csrf();
        AdminClient.Page started = mark.upload("/admin/customers/import", token, "shop.csv", csv);
        assertThat(started.status()).as(started.body()).isEqualTo(303);
        String page = started.header("Location");
        assertThat(page).matches("/admin/imports/\\d+");
        assertThat(mark.get(page).body()).contains("id=\"import-progress\"");
        AdminClient.Page done = Waiting.until("the import to finish", Duration.ofSeconds(30), () -> mark.get(page + "/progress"),
                p -> p.body().contains("data-status=\"finished\""));
        assertThat(done.body()).contains("data-percent=\"100\"").contains("id=\"import-failed\">2<")
                .contains("id=\"download-errors\"").doesNotContain(SCRIPT).contains(ESCAPED);
        AdminClient.Page errors = mark.get(page + "/errors.csv");
        assertThat(errors.header("Content-Type")).startsWith("text/csv");
        assertThat(errors.body()).contains("line,column,value,reason").contains("3,email,not-an-address").contains(SCRIPT);
        assertThat(app.customerStore.search("ira@example.com", 5, 0)).hasSize(1);

        AdminClient.Page header = mark.upload("/admin/customers/import", token, "bad.csv", "nothing,useful\n1,2\n");
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.body()).contains("id=\"import-refused\"");
    }

    @Test
    void the_postcard_preview_is_the_print_pdf_front_and_back_and_a_picture_of_both() throws IOException {
        AdminClient mark = signedIn("mark");
        assertThat(mark.get("/admin/templates/email/monthly-card").body()).contains("id=\"postcard\"");
        byte[] pdf = mark.bytes("/admin/postcards/monthly-card/preview?customer=" + mailOnly + "&month=9");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).as("front and back").isEqualTo(2);
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertThat(text).contains("Ann").contains("1 Nanjing Road");
        }
        byte[] png = mark.bytes("/admin/postcards/monthly-card/preview?format=png&customer=" + mailOnly);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(mark.get("/admin/postcards/no-such-card/preview").status()).isEqualTo(404);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
