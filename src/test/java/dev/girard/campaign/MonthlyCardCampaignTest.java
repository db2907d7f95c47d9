package dev.girard.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.girard.App;
import dev.girard.config.Config;
import dev.girard.support.Api;
import dev.girard.support.CustomersCsv;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;
import jakarta.mail.internet.MimeMessage;

/** The whole path a marketer takes: import customers, create the monthly card, run it, read the mail. */
class MonthlyCardCampaignTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private App app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private Api start() {
        return start(Map.of());
    }

    private Api start(Map<String, String> settings) {
        Config config = TestApps.smtpConfig(dir, SMTP.getSmtp().getPort(), settings);
        app = TestApps.serve(config);
        String token = app.users.addUserWithToken("marketer", "marketer", "test");
        return new Api("http://127.0.0.1:" + app.port(), token);
    }

    private static long createMonthlyCard(Api api) {
        Api.Response created = api.post("/api/campaigns", """
                {"name": "Monthly card", "segment": "everyone-with-email", "template": "monthly-card",
                 "cron": "0 0 9 1 * ?", "timeZone": "Asia/Shanghai", "status": "active"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static JsonNode runAndWait(Api api, long campaignId) {
        Api.Response started = api.post("/api/campaigns/" + campaignId + "/run", "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long runId = started.json().get("id").asLong();
        return Waiting.until("run " + runId + " to finish", Duration.ofSeconds(60),
                () -> api.get("/api/runs/" + runId).json(), run -> run.get("status").asText().equals("finished"));
    }

    @Test
    void many_workers_on_a_small_pool_setting_still_finish_the_run() throws Exception {
        // each worker holds a connection for its chunk and at times takes a second one: a pool smaller than
        // the workers need was a deadlock (every worker waiting for a connection another one held)
        Api api = start(Map.of("girard.delivery.workers", "12", "girard.db.pool.size", "8", "girard.smtp.connections", "4"));
        Api.Response imported = api.postCsv("/api/customers/import", CustomersCsv.csv(CustomersCsv.rows(300)));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        JsonNode run = runAndWait(api, createMonthlyCard(api));

        assertThat(run.get("sent").asInt()).isEqualTo(300);
        assertThat(SMTP.waitForIncomingEmail(10_000, 300)).isTrue();
        assertThat(SMTP.getReceivedMessages()).hasSize(300);
    }

    @Test
    void monthly_card_reaches_every_imported_customer_with_their_name_and_the_month_design() throws Exception {
        Api api = start();
        List<CustomersCsv.Row> customers = CustomersCsv.rows(50);
        Api.Response imported = api.postCsv("/api/customers/import", CustomersCsv.csv(customers));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("changed").asInt()).isEqualTo(50);
        assertThat(imported.json().get("errors")).isEmpty();

        long campaignId = createMonthlyCard(api);
        JsonNode run = runAndWait(api, campaignId);

        assertThat(run.get("planned").asInt()).isEqualTo(50);
        assertThat(run.get("sent").asInt()).isEqualTo(50);
        assertThat(run.get("failed").asInt()).isZero();
        assertThat(SMTP.waitForIncomingEmail(10_000, 50)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(50);

        int month = Instant.parse(run.get("fireTime").asText()).atZone(ZoneId.of("Asia/Shanghai")).getMonthValue();
        MonthDesign design = MonthDesign.of(month);
        Map<String, MimeMessage> byRecipient = new HashMap<>();
        for (MimeMessage message : received) {
            byRecipient.put(message.getAllRecipients()[0].toString().replaceAll(".*<|>.*", ""), message);
        }
        for (CustomersCsv.Row customer : customers) {
            MimeMessage message = byRecipient.get(customer.email());
            assertThat(message).as("card for " + customer.email()).isNotNull();
            String decoded = bodyText(message);
            String name = customer.locale().startsWith("zh") ? customer.lastName() + customer.firstName() : customer.firstName();
            assertThat(message.getSubject()).contains(name);
            assertThat(decoded).contains(name).contains(design.motif()).containsIgnoringCase(design.accent());
            assertThat(decoded).contains("Girard Demo Shop").contains("1 Example Road, Springfield");
        }
    }

    @Test
    void running_the_campaign_again_in_the_same_month_sends_nothing() {
        Api api = start();
        api.postCsv("/api/customers/import", CustomersCsv.csv(CustomersCsv.rows(20)));
        long campaignId = createMonthlyCard(api);
        runAndWait(api, campaignId);
        assertThat(SMTP.waitForIncomingEmail(10_000, 20)).isTrue();

        JsonNode second = runAndWait(api, campaignId);

        assertThat(second.get("audience").asInt()).isEqualTo(20);
        assertThat(second.get("planned").asInt()).isZero();
        assertThat(second.get("alreadyContacted").asInt()).isEqualTo(20);
        assertThat(SMTP.getReceivedMessages()).hasSize(20);
    }

    @Test
    void after_a_restart_on_the_same_file_the_trigger_is_still_scheduled_for_the_same_time() {
        Api api = start();
        long campaignId = createMonthlyCard(api);
        Instant before = app.scheduler.nextFireTime(campaignId).orElseThrow();
        String nextBefore = api.get("/api/campaigns/" + campaignId).json().get("nextFireTime").asText();
        app.close();
        app = null;

        Api restarted = start();

        assertThat(app.scheduler.nextFireTime(campaignId)).contains(before);
        assertThat(restarted.get("/api/campaigns/" + campaignId).json().get("nextFireTime").asText()).isEqualTo(nextBefore);
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        assertThat(before.atZone(shanghai).getDayOfMonth()).isEqualTo(1);
        assertThat(before.atZone(shanghai).getHour()).isEqualTo(9);
    }

    @Test
    void pausing_removes_the_trigger_and_activating_brings_it_back() {
        Api api = start();
        long id = createMonthlyCard(api);
        JsonNode campaign = api.get("/api/campaigns/" + id).json();

        Api.Response paused = api.put("/api/campaigns/" + id, campaign.toString().replace("\"active\"", "\"paused\""));
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(app.scheduler.nextFireTime(id)).isEmpty();

        Api.Response stale = api.put("/api/campaigns/" + id, campaign.toString());
        assertThat(stale.status()).as("an edit of an old version is a conflict").isEqualTo(409);

        Api.Response active = api.put("/api/campaigns/" + id, paused.json().toString().replace("\"paused\"", "\"active\""));
        assertThat(active.status()).as(active.body()).isEqualTo(200);
        assertThat(app.scheduler.nextFireTime(id)).isPresent();

        assertThat(api.delete("/api/campaigns/" + id).status()).isEqualTo(204);
        assertThat(app.scheduler.nextFireTime(id)).isEmpty();
        assertThat(api.get("/api/campaigns").json().get("campaigns")).isEmpty();
    }

    /** Both parts of the multipart/alternative message, decoded as a mail program would. */
    private static String bodyText(MimeMessage message) throws Exception {
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) message.getContent();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.getCount(); i++) {
            text.append(parts.getBodyPart(i).getContent()).append('\n');
        }
        return text.toString();
    }

    /** The month's motif and accent colour, read from the shipped month file. */
    record MonthDesign(String motif, String accent) {
        static MonthDesign of(int month) throws IOException {
            String file = Files.readString(Path.of("templates/email/monthly-card", String.format("%02d.ftl", month)));
            return new MonthDesign(value(file, "motif"), value(file, "accent"));
        }

        private static String value(String file, String name) {
            Matcher m = Pattern.compile(name + "\\s*=\\s*\"([^\"]+)\"").matcher(file);
            assertThat(m.find()).as(name + " in the month file").isTrue();
            return m.group(1);
        }
    }
}
