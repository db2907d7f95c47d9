package dev.girard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.App;
import dev.girard.core.Json;
import dev.girard.customer.Consent;
import dev.girard.customer.Customer;
import dev.girard.support.StandInSmsProvider;
import dev.girard.support.StandInSmsProvider.Answer;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/** Replies from customers' phones over real HTTP: STOP and 退订 withdraw consent and are confirmed once; HELP answers. */
class SmsInboundTest {
    private static final String ANNA = "+8613800138003";
    private static final String FANG = "+8613800138001";

    @TempDir
    Path dir;

    private App app;
    private SmsShop shop;
    private StandInSmsProvider provider;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private void serve(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("girard.sms.help.contact", "+86 21 5555 0100"));
        all.putAll(settings);
        app = TestApps.serve(TestApps.config(dir, all));
        shop = new SmsShop(app);
    }

    private HttpResponse<String> post(String pathAndQuery, String contentType, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String json, Map<String, String> headers) throws Exception {
        return post("/sms/inbound", "application/json", json, headers);
    }

    private Consent latestConsent(Customer customer) {
        return app.consents.latest(customer.id(), "sms").orElseThrow();
    }

    private List<JsonNode> awaitTexts(String phone, int count) {
        List<JsonNode> texts = Waiting.until(count + " texts to " + phone, Duration.ofSeconds(30), () -> shop.outboxTo(phone),
                t -> t.size() >= count);
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(shop.outboxTo(phone)).as("texts to " + phone + " a second later").hasSize(count);
        return texts;
    }

    @Test
    void stop_withdraws_sms_consent_at_once_and_is_confirmed_exactly_once_even_when_the_webhook_comes_twice()
            throws Exception {
        serve(Map.of("girard.sms.inbound.token", "inbound-secret"));
        Customer anna = shop.customer("anna", "Anna", "Smith", ANNA, "en-GB", "Asia/Shanghai");
        shop.grant(anna, Instant.now().minusSeconds(60));
        String stop = "{\"from\": \"" + ANNA + "\", \"body\": \" sTop \", \"id\": \"in-1\"}";

        HttpResponse<String> first = postJson(stop, Map.of("Authorization", "Bearer inbound-secret"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(first.body()).path("action").asText()).isEqualTo("opted_out");
        Consent withdrawn = latestConsent(anna);
        assertThat(withdrawn.granted()).isFalse();
        assertThat(withdrawn.source()).isEqualTo("sms reply");
        assertThat(withdrawn.wording()).isEqualTo(" sTop ");

        HttpResponse<String> again = postJson(stop, Map.of("X-Girard-Token", "inbound-secret"));
        assertThat(Json.MAPPER.readTree(again.body()).path("action").asText()).isEqualTo("duplicate");

        List<JsonNode> texts = awaitTexts(ANNA, 1);
        assertThat(texts.get(0).path("body").asText())
                .isEqualTo("Girard Demo Shop: you are unsubscribed and will get no more texts from us.");
        assertThat(app.consents.history(anna.id())).hasSize(2);
    }

    @Test
    void a_chinese_退订_reply_signed_with_the_hmac_key_withdraws_consent_and_is_confirmed_in_chinese() throws Exception {
        serve(Map.of("girard.sms.inbound.hmac.key", "hmac-key-1"));
        Customer fang = shop.customer("fang", "芳", "王", FANG, "zh-CN", "Asia/Shanghai");
        shop.grant(fang, Instant.now().minusSeconds(60));
        String json = "{\"from\": \"13800138001\", \"body\": \"退 订\"}";
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> forged = postJson(json, Map.of("X-Girard-Signature", "sha256=" + InboundAuth.hmacSha256Hex("other", raw)));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(latestConsent(fang).granted()).as("a forged reply changes nothing").isTrue();

        HttpResponse<String> signed = postJson(json, Map.of("X-Girard-Signature", "sha256=" + InboundAuth.hmacSha256Hex("hmac-key-1", raw)));
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(latestConsent(fang).granted()).isFalse();
        assertThat(latestConsent(fang).wording()).isEqualTo("退 订");
        assertThat(awaitTexts(FANG, 1).get(0).path("body").asText()).isEqualTo("【Girard Demo Shop】您已退订，不会再收到我们的短信。");
    }

    @Test
    void help_is_answered_with_the_business_name_and_contact_and_other_words_are_only_recorded() throws Exception {
        serve(Map.of("girard.sms.inbound.token", "inbound-secret"));
        Customer anna = shop.customer("anna", "Anna", "Smith", ANNA, "en-GB", "Asia/Shanghai");
        shop.grant(anna, Instant.now().minusSeconds(60));

        assertThat(postJson("{\"from\": \"" + ANNA + "\", \"body\": \"help\"}", Map.of("X-Girard-Token", "wrong"))
                .statusCode()).isEqualTo(401);
        HttpResponse<String> help = post("/sms/inbound?token=inbound-secret", "application/json",
                "{\"from\": \"" + ANNA + "\", \"body\": \"help\"}", Map.of());
        assertThat(Json.MAPPER.readTree(help.body()).path("action").asText()).isEqualTo("help");
        HttpResponse<String> chat = post("/sms/inbound?token=inbound-secret", "application/json",
                "{\"from\": \"" + ANNA + "\", \"body\": \"Please stop by tomorrow\"}", Map.of());
        assertThat(Json.MAPPER.readTree(chat.body()).path("action").asText()).isEqualTo("none");
        HttpResponse<String> huge = post("/sms/inbound?token=inbound-secret", "application/json",
                "{\"from\": \"" + ANNA + "\", \"body\": \"" + "x".repeat(70_000) + "\"}", Map.of());
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<String> missing = post("/sms/inbound?token=inbound-secret", "application/json", "{\"body\": \"STOP\"}", Map.of());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("from").contains("is required");

        assertThat(awaitTexts(ANNA, 1).get(0).path("body").asText())
                .isEqualTo("Girard Demo Shop: for help, contact +86 21 5555 0100. Reply STOP to opt out.");
        assertThat(latestConsent(anna).granted()).isTrue();
    }

    @Test
    void twilio_replies_need_a_valid_signature_and_their_退订_is_confirmed_once_through_twilio() throws Exception {
        provider = StandInSmsProvider.start(Answer.of(201, "{\"sid\": \"SMout1\"}"));
        serve(Map.of("girard.sms.gateway", "twilio", "girard.sms.twilio.base.url", provider.url(),
                "girard.sms.twilio.account.sid", "AC42", "girard.sms.twilio.auth.token", "twilio-token",
                "girard.sms.from", "+14155550100"));
        Customer fang = shop.customer("fang", "芳", "王", FANG, "zh-CN", "Asia/Shanghai");
        shop.grant(fang, Instant.now().minusSeconds(60));
        Map<String, List<String>> form = Map.of("From", List.of(FANG), "To", List.of("+14155550100"),
                "Body", List.of("TD"), "MessageSid", List.of("SMin1"), "AccountSid", List.of("AC42"));
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().get(0), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String url = "http://localhost:" + app.port() + "/sms/inbound";

        HttpResponse<String> unsigned = post("/sms/inbound", "application/x-www-form-urlencoded", body,
                Map.of("X-Twilio-Signature", InboundAuth.twilioSignature("not-the-token", url, form)));
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(latestConsent(fang).granted()).isTrue();

        Map<String, String> signed = Map.of("X-Twilio-Signature", InboundAuth.twilioSignature("twilio-token", url, form));
        HttpResponse<String> reply = post("/sms/inbound", "application/x-www-form-urlencoded", body, signed);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(reply.body()).contains("<Response>");
        assertThat(post("/sms/inbound", "application/x-www-form-urlencoded", body, signed).statusCode())
                .as("Twilio retrying the same webhook").isEqualTo(200);
        assertThat(latestConsent(fang).granted()).isFalse();

        Waiting.until("the confirmation through Twilio", Duration.ofSeconds(30), provider::requests, r -> !r.isEmpty());
        Thread.sleep(1000);
        assertThat(provider.requests()).hasSize(1);
        StandInSmsProvider.Request confirmation = provider.requests().get(0);
        assertThat(confirmation.path()).isEqualTo("/2010-04-01/Accounts/AC42/Messages.json");
        assertThat(java.net.URLDecoder.decode(confirmation.body(), StandardCharsets.UTF_8))
                .contains("To=" + FANG).contains("Body=【Girard Demo Shop】您已退订，不会再收到我们的短信。");
    }

    @Test
    void replies_are_refused_while_no_token_signature_key_or_twilio_gateway_is_configured() throws Exception {
        serve(Map.of());
        HttpResponse<String> response = postJson("{\"from\": \"" + ANNA + "\", \"body\": \"STOP\"}", Map.of());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("girard.sms.inbound.token");
    }

    @Test
    void every_opt_out_word_is_recognised_whatever_its_case_and_spacing() {
        for (String reply : List.of("STOP", "stop", " Stop ", "STOP ALL", "stopall", "Unsubscribe", "cancel", "END", "quit",
                "退订", " 退 订 ", "TD", "td", "Stop.", "退订。")) {
            assertThat(SmsInbound.keyword(reply)).as(reply).isIn("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订", "TD");
        }
        assertThat(SmsInbound.keyword("stop by tomorrow")).isEqualTo("STOPBYTOMORROW");
        assertThat(SmsInbound.keyword(" help ")).isEqualTo("HELP");
    }
}
