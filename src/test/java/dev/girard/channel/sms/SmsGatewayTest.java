package dev.girard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.channel.Outcome;
import dev.girard.config.ConfigKey;
import dev.girard.core.Json;
import dev.girard.support.StandInSmsProvider;
import dev.girard.support.StandInSmsProvider.Answer;
import dev.girard.support.StandInSmsProvider.Request;

/** The three gateways: the file, and both HTTP ones against a stand-in provider that checks each request. */
class SmsGatewayTest {
    private static final SmsMessage TEXT = new SmsMessage("+8613800138000", "王芳，生日快乐！ \"Cake\" €5\n回复TD退订", "girard-42");

    @TempDir
    Path dir;

    private StandInSmsProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    private HttpJsonSmsGateway http() {
        return new HttpJsonSmsGateway(URI.create(provider.url() + "/v1/messages"), "Authorization", "Bearer k-123",
                ConfigKey.SMS_HTTP_BODY.defaultValue(), "/data/id", Pattern.compile(ConfigKey.SMS_HTTP_INVALID_NUMBER.defaultValue()),
                "GirardShop", Duration.ofSeconds(5), Clock.systemUTC());
    }

    private TwilioSmsGateway twilio() {
        return new TwilioSmsGateway(provider.url(), "AC0123456789", "secret-token", "+14155550100", Duration.ofSeconds(5),
                Clock.systemUTC());
    }

    @Test
    void the_http_gateway_posts_json_with_the_auth_header_and_reads_the_message_id() throws Exception {
        provider = StandInSmsProvider.start(Answer.of(200, "{\"data\": {\"id\": \"m-77\"}}"));
        Outcome outcome = http().send(TEXT);

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.SENT);
        assertThat(outcome.messageId()).isEqualTo("m-77");
        Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("Authorization")).isEqualTo("Bearer k-123");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode body = Json.MAPPER.readTree(request.body());
        assertThat(body.path("to").asText()).isEqualTo("+8613800138000");
        assertThat(body.path("from").asText()).isEqualTo("GirardShop");
        assertThat(body.path("text").asText()).isEqualTo(TEXT.body());
        assertThat(body.path("reference").asText()).isEqualTo("girard-42");
    }

    @Test
    void the_http_gateway_retries_on_429_after_the_retry_after_and_on_5xx() throws Exception {
        provider = StandInSmsProvider.start(Answer.of(200, "{}"));
        provider.then(new Answer(429, "{\"error\": \"slow down\"}", Map.of("Retry-After", "17")), Answer.of(503, "busy"));

        Outcome throttled = http().send(TEXT);
        assertThat(throttled.kind()).isEqualTo(Outcome.Kind.RETRY);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(throttled.detail()).contains("HTTP 429").contains("slow down");

        Outcome down = http().send(TEXT);
        assertThat(down.kind()).isEqualTo(Outcome.Kind.RETRY);
        assertThat(down.retryAfter()).isNull();
        assertThat(down.detail()).isEqualTo("HTTP 503: busy");

        assertThat(http().send(TEXT).kind()).isEqualTo(Outcome.Kind.SENT);
        assertThat(provider.requests()).hasSize(3);
    }

    @Test
    void the_http_gateway_fails_on_4xx_and_suppresses_the_number_only_when_the_answer_says_it_is_invalid() throws Exception {
        provider = StandInSmsProvider.start(Answer.of(200, "{}"));
        provider.then(Answer.of(400, "{\"error\": \"Invalid destination number\"}"), Answer.of(402, "{\"error\": \"no credit\"}"));

        Outcome invalid = http().send(TEXT);
        assertThat(invalid.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(invalid.suppress()).isTrue();
        assertThat(invalid.detail()).contains("HTTP 400").contains("Invalid destination number");

        Outcome refused = http().send(TEXT);
        assertThat(refused.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(refused.suppress()).isFalse();
    }

    @Test
    void an_unreachable_provider_is_retried() {
        HttpJsonSmsGateway gateway = new HttpJsonSmsGateway(URI.create("http://127.0.0.1:1/send"), "Authorization", "",
                ConfigKey.SMS_HTTP_BODY.defaultValue(), "/id", Pattern.compile("x"), "", Duration.ofSeconds(2), Clock.systemUTC());
        Outcome outcome = gateway.send(TEXT);
        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.RETRY);
        assertThat(outcome.detail()).startsWith("cannot reach 127.0.0.1");
    }

    @Test
    void the_twilio_gateway_posts_the_form_with_basic_auth_and_reads_the_sid() throws Exception {
        provider = StandInSmsProvider.start(Answer.of(201, "{\"sid\": \"SM0001\", \"status\": \"queued\"}"));
        Outcome outcome = twilio().send(TEXT);

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.SENT);
        assertThat(outcome.messageId()).isEqualTo("SM0001");
        Request request = provider.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/AC0123456789/Messages.json");
        assertThat(request.header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("AC0123456789:secret-token".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(form(request.body())).containsExactlyInAnyOrderEntriesOf(Map.of("To", "+8613800138000", "From", "+14155550100",
                "Body", TEXT.body()));
    }

    @Test
    void the_twilio_gateway_retries_429_and_5xx_and_fails_4xx_suppressing_invalid_numbers() throws Exception {
        provider = StandInSmsProvider.start(Answer.of(201, "{\"sid\": \"SM0002\"}"));
        provider.then(new Answer(429, "{\"code\": 20429, \"message\": \"Too Many Requests\"}", Map.of("Retry-After", "3")),
                Answer.of(500, "{\"code\": 20500, \"message\": \"Internal Server Error\"}"),
                Answer.of(400, "{\"code\": 21211, \"message\": \"The 'To' number +86138 is not a valid phone number.\"}"),
                Answer.of(400, "{\"code\": 21606, \"message\": \"The 'From' phone number provided is not a valid message-capable Twilio phone number.\"}"));

        Outcome throttled = twilio().send(TEXT);
        assertThat(throttled.kind()).isEqualTo(Outcome.Kind.RETRY);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(twilio().send(TEXT).kind()).isEqualTo(Outcome.Kind.RETRY);
        Outcome invalidNumber = twilio().send(TEXT);
        assertThat(invalidNumber.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(invalidNumber.suppress()).isTrue();
        Outcome badSender = twilio().send(TEXT);
        assertThat(badSender.kind()).isEqualTo(Outcome.Kind.FAILED);
        assertThat(badSender.suppress()).as("the sender is wrong, not the customer's number").isFalse();
        assertThat(twilio().send(TEXT).messageId()).isEqualTo("SM0002");
    }

    @Test
    void retry_after_as_an_http_date_is_read_too() {
        Clock clock = Clock.fixed(java.time.Instant.parse("2026-11-23T10:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(HttpAnswers.retryAfter(java.util.Optional.of("Mon, 23 Nov 2026 10:01:30 GMT"), clock))
                .contains(Duration.ofSeconds(90));
        assertThat(HttpAnswers.retryAfter(java.util.Optional.of("soon"), clock)).isEmpty();
    }

    @Test
    void the_file_gateway_appends_one_json_line_per_text() throws Exception {
        Path file = dir.resolve("out/sms-outbox.jsonl");
        try (FileSmsGateway gateway = new FileSmsGateway(file, "GirardShop", Clock.systemUTC())) {
            assertThat(gateway.send(TEXT).kind()).isEqualTo(Outcome.Kind.SENT);
            assertThat(gateway.send(new SmsMessage("+14155550123", "Hi", "girard-43")).kind()).isEqualTo(Outcome.Kind.SENT);
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertThat(first.path("to").asText()).isEqualTo("+8613800138000");
        assertThat(first.path("body").asText()).isEqualTo(TEXT.body());
        assertThat(first.path("encoding").asText()).isEqualTo("UCS_2");
        assertThat(Json.MAPPER.readTree(lines.get(1)).path("segments").asInt()).isEqualTo(1);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return fields;
    }
}
