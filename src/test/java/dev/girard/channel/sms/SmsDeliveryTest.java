package dev.girard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.App;
import dev.girard.customer.Customer;
import dev.girard.support.Api;
import dev.girard.support.SettableClock;
import dev.girard.support.StandInSmsProvider;
import dev.girard.support.StandInSmsProvider.Answer;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/** SMS campaigns through the real engine, a real SQLite file and the file gateway or a stand-in provider. */
class SmsDeliveryTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path dir;

    private App app;
    private SmsShop shop;
    private StandInSmsProvider provider;
    private final SettableClock clock = new SettableClock(shanghai("2026-11-23T12:00"));

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private static Instant shanghai(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    private void serve(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("girard.delivery.retry.first.seconds", "1"));
        all.putAll(settings);
        app = App.serve(TestApps.config(dir, all), clock);
        shop = new SmsShop(app);
    }

    private Api api() {
        return new Api("http://127.0.0.1:" + app.port(), app.users.addUserWithToken("admin", "admin", "test"));
    }

    @Test
    void only_customers_whose_latest_sms_consent_is_a_grant_are_texted_the_rest_are_skipped_for_no_consent() {
        serve(Map.of());
        Customer fang = shop.customer("fang", "芳", "王", "+8613800138001", "zh-CN", "Asia/Shanghai");
        Customer li = shop.customer("li", "Li", "Chen", "+8613800138002", "en-GB", "Asia/Shanghai");
        Customer anna = shop.customer("anna", "Anna", "Smith", "+8613800138003", "en-GB", "Asia/Shanghai");
        Customer noPhone = shop.customer("nophone", "Max", "Muster", null, "de-DE", "Europe/Berlin");
        shop.grant(fang, clock.instant().minusSeconds(3600));
        shop.grant(anna, clock.instant().minusSeconds(7200));
        shop.withdraw(anna, clock.instant().minusSeconds(3600));
        shop.grant(noPhone, clock.instant().minusSeconds(3600));
        long campaign = shop.campaign("Monthly text", "monthly-card");

        long runId = app.runner.runNow(campaign).id();
        shop.awaitRun(runId, "finished");

        Map<Long, SmsShop.Row> rows = shop.deliveries(runId);
        assertThat(rows.get(fang.id()).status()).isEqualTo("sent");
        assertThat(rows.get(li.id())).extracting(SmsShop.Row::status, SmsShop.Row::lastError, SmsShop.Row::attempts)
                .containsExactly("skipped", "no consent", 0);
        assertThat(rows.get(anna.id())).extracting(SmsShop.Row::status, SmsShop.Row::lastError)
                .containsExactly("skipped", "consent withdrawn");
        assertThat(rows.get(noPhone.id())).extracting(SmsShop.Row::status, SmsShop.Row::lastError)
                .containsExactly("skipped", "no sms address");
        List<JsonNode> texts = shop.outbox();
        assertThat(texts).hasSize(1);
        String body = texts.get(0).path("body").asText();
        assertThat(texts.get(0).path("to").asText()).isEqualTo("+8613800138001");
        assertThat(body).startsWith("【Girard Demo Shop】王芳您好！一年将尽").endsWith("\n回复TD退订")
                .doesNotContain("Reply STOP");
        SmsSegments.Count count = SmsSegments.count(body);
        assertThat(rows.get(fang.id()).costMicros()).isEqualTo(count.segments() * 50_000L);
        assertThat(rows.get(fang.id()).messageId()).isEqualTo(texts.get(0).path("id").asText());
    }

    @Test
    void english_texts_end_with_reply_stop_to_opt_out() {
        serve(Map.of());
        Customer anna = shop.customer("anna", "Anna", "Smith", "+447700900123", "en-GB", "Europe/London");
        shop.grant(anna, clock.instant().minusSeconds(60));
        clock.set(LocalDateTime.parse("2026-11-23T10:00").atZone(ZoneId.of("Europe/London")).toInstant());
        long runId = app.runner.runNow(shop.campaign("Thanks", "thank-you")).id();
        shop.awaitRun(runId, "finished");

        JsonNode text = shop.outboxTo("+447700900123").get(0);
        assertThat(text.path("body").asText()).isEqualTo("Girard Demo Shop: Thank you for shopping with us, Anna. It means "
                + "a lot to us. If anything is not right, just tell us and we will put it right.\nReply STOP to opt out");
        assertThat(text.path("encoding").asText()).isEqualTo("GSM_7");
    }

    @Test
    void a_text_due_at_half_past_nine_in_the_evening_customer_time_is_sent_at_eight_the_next_morning() {
        serve(Map.of());
        Customer fang = shop.customer("fang", "芳", "王", "+8613800138001", "zh-CN", "Asia/Shanghai");
        shop.grant(fang, shanghai("2026-11-01T10:00"));
        clock.set(shanghai("2026-11-23T21:30"));

        long runId = app.runner.runNow(shop.campaign("Birthday text", "birthday")).id();
        SmsShop.Row deferred = Waiting.until("the text to be deferred", Duration.ofSeconds(60),
                () -> shop.delivery(runId, fang), row -> row != null && row.status().equals("pending")
                        && row.lastError() != null);
        assertThat(deferred.notBefore()).isEqualTo(shanghai("2026-11-24T08:00").toEpochMilli());
        assertThat(deferred.lastError()).isEqualTo("quiet hours: 21:30 in Asia/Shanghai is outside 08:00-21:00; "
                + "deferred to 2026-11-24T08:00+08:00");
        assertThat(deferred.attempts()).as("waiting is not an attempt").isZero();
        assertThat(app.runs.get(runId).status()).isEqualTo("sending");

        clock.set(shanghai("2026-11-24T07:59:59"));
        sleep(Duration.ofSeconds(3));
        assertThat(shop.outbox()).as("nothing goes out before eight").isEmpty();

        clock.set(shanghai("2026-11-24T08:00"));
        shop.awaitRun(runId, "finished");
        assertThat(shop.delivery(runId, fang).status()).isEqualTo("sent");
        List<JsonNode> texts = shop.outbox();
        assertThat(texts).hasSize(1);
        assertThat(Instant.parse(texts.get(0).path("at").asText())).isEqualTo(shanghai("2026-11-24T08:00"));
    }

    @Test
    void a_stop_reply_after_planning_stops_the_waiting_text_and_is_confirmed_once() {
        serve(Map.of("girard.sms.inbound.token", "inbound-secret"));
        Customer fang = shop.customer("fang", "芳", "王", "+8613800138001", "zh-CN", "Asia/Shanghai");
        shop.grant(fang, shanghai("2026-11-01T10:00"));
        clock.set(shanghai("2026-11-23T22:10"));
        long runId = app.runner.runNow(shop.campaign("Birthday text", "birthday")).id();
        Waiting.until("the text to be deferred", Duration.ofSeconds(60), () -> shop.delivery(runId, fang),
                row -> row != null && row.status().equals("pending") && row.lastError() != null);

        Api.Response reply = new Api("http://127.0.0.1:" + app.port() + "/sms/inbound?token=inbound-secret", null)
                .post("", "{\"from\": \"+86 138 0013 8001\", \"body\": \"退订\", \"id\": \"in-1\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("action").asText()).isEqualTo("opted_out");

        clock.set(shanghai("2026-11-24T08:00"));
        shop.awaitRun(runId, "finished");
        assertThat(shop.delivery(runId, fang)).extracting(SmsShop.Row::status, SmsShop.Row::lastError)
                .containsExactly("skipped", "consent withdrawn");
        List<JsonNode> texts = Waiting.until("the confirmation", Duration.ofSeconds(30), shop::outbox, t -> !t.isEmpty());
        sleep(Duration.ofSeconds(1));
        assertThat(shop.outbox()).hasSize(1);
        assertThat(texts.get(0).path("body").asText()).isEqualTo("【Girard Demo Shop】您已退订，不会再收到我们的短信。");
    }

    @Test
    void the_first_text_after_an_opt_in_is_preceded_by_one_confirmation_when_configured_and_the_rate_limit_holds() {
        serve(Map.of("girard.sms.optin.confirmation", "true", "girard.sms.rate", "2"));
        Customer anna = shop.customer("anna", "Anna", "Smith", "+8613800138003", "en-GB", "Asia/Shanghai");
        shop.grant(anna, clock.instant().minusSeconds(60));

        long started = System.nanoTime();
        long first = app.runner.runNow(shop.campaign("Thanks", "thank-you")).id();
        shop.awaitRun(first, "finished");
        long second = app.runner.runNow(shop.campaign("Birthday", "birthday")).id();
        shop.awaitRun(second, "finished");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("three texts at two a second")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1000));

        List<String> bodies = shop.outbox().stream().map(n -> n.path("body").asText()).toList();
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0)).isEqualTo("Girard Demo Shop: you are subscribed to texts from us. Message frequency "
                + "varies. Reply HELP for help. Reply STOP to opt out.");
        assertThat(bodies.get(1)).startsWith("Girard Demo Shop: Thank you");
        assertThat(bodies.get(2)).startsWith("Girard Demo Shop: Happy birthday, Anna!");
    }

    @Test
    void an_http_gateway_that_is_busy_is_retried_until_it_takes_the_text_and_an_invalid_number_is_suppressed() throws Exception {
        provider = StandInSmsProvider.start(Answer.of(200, "{\"id\": \"m-9\"}"));
        provider.then(Answer.of(503, "maintenance"), new Answer(429, "{}", Map.of("Retry-After", "1")));
        serve(Map.of("girard.sms.gateway", "http", "girard.sms.http.url", provider.url() + "/send",
                "girard.sms.http.auth.value", "Bearer k", "girard.delivery.workers", "1"));
        Customer fang = shop.customer("fang", "芳", "王", "+8613800138001", "zh-CN", "Asia/Shanghai");
        shop.grant(fang, clock.instant().minusSeconds(60));

        long runId = app.runner.runNow(shop.campaign("Birthday", "birthday")).id();
        shop.awaitRun(runId, "finished", clock, Duration.ofSeconds(2));
        assertThat(shop.delivery(runId, fang)).extracting(SmsShop.Row::status, SmsShop.Row::messageId, SmsShop.Row::attempts)
                .containsExactly("sent", "m-9", 3);
        assertThat(provider.requests()).hasSize(3).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer k"));

        provider.then(Answer.of(400, "{\"error\": \"invalid number\"}"));
        long again = app.runner.runNow(shop.campaign("Thanks", "thank-you")).id();
        shop.awaitRun(again, "finished");
        assertThat(shop.delivery(again, fang).status()).isEqualTo("failed");
        assertThat(app.suppressions.reasons("sms", List.of("+8613800138001"))).hasSize(1);
    }

    @Test
    void a_template_too_long_for_the_segment_limit_is_refused_when_the_campaign_is_saved_and_the_preview_counts_segments()
            throws Exception {
        Path templates = dir.resolve("templates");
        Files.createDirectories(templates.resolve("sms/long"));
        Files.writeString(templates.resolve("sms/long/text.ftl"), "<#if lang == \"zh\">" + "好".repeat(200)
                + "<#else>Hello ${customer.firstName}</#if>");
        serve(Map.of("girard.templates.dir", templates.toString(), "girard.sms.cost", "0.045"));
        Api api = api();

        Api.Response refused = api.post("/api/campaigns", """
                {"name": "Long", "segment": "everyone-with-email", "channel": "sms", "template": "long", "cron": "0 0 9 1 * ?"}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("reason").asText()).isEqualTo("takes 4 segments (UCS_2, 207 "
                + "characters) for the sample customer 欧阳娜娜 in month 1; at most 3 (girard.sms.max.segments): shorten it");

        Customer anna = shop.customer("anna", "Anna", "Smith", "+447700900123", "en-GB", "Europe/London");
        Api.Response preview = api.get("/api/templates/sms/long/preview?customer=" + anna.id());
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().path("text").asText()).isEqualTo("Hello Anna\nReply STOP to opt out");
        assertThat(preview.json().path("encoding").asText()).isEqualTo("GSM-7");
        assertThat(preview.json().path("segments").asInt()).isEqualTo(1);
        assertThat(preview.json().path("cost").asText()).isEqualTo("0.045");
        assertThat(preview.json().path("problems").get(0).asText()).startsWith("takes 4 segments");

        Api.Response count = api.post("/api/sms/segments", "{\"text\": \"" + "a".repeat(159) + "€\"}");
        assertThat(count.json().path("segments").asInt()).isEqualTo(2);
        assertThat(count.json().path("costMicros").asLong()).isEqualTo(90_000);
        assertThat(api.get("/api/templates").json().path("sms").toString()).contains("birthday", "monthly-card", "thank-you", "long");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
