package dev.girard.channel.sms;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.channel.Outcome;
import dev.girard.core.Json;

/**
 * Twilio's Messages API, or a provider that speaks it: a form POST of To, From and Body to
 * {@code /2010-04-01/Accounts/{sid}/Messages.json} with the Account SID and auth token as Basic
 * credentials. The answer's {@code sid} is the message id; the error codes that mean the number is
 * invalid or has opted out with the provider suppress the number.
 */
public final class TwilioSmsGateway implements SmsGateway {
    /** 21211 invalid To, 21214 To cannot be reached, 21217 not a valid number, 21610 opted out, 21614 not a mobile. */
    static final Set<Integer> NUMBER_ERRORS = Set.of(21211, 21214, 21217, 21610, 21614);

    private final HttpClient http;
    private final URI messages;
    private final String authorization;
    private final String from;
    private final Duration timeout;
    private final Clock clock;

    public TwilioSmsGateway(String baseUrl, String accountSid, String authToken, String from, Duration timeout,
            Clock clock) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.messages = URI.create(base + "/2010-04-01/Accounts/" + URLEncoder.encode(accountSid, StandardCharsets.UTF_8)
                + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.from = from;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String id() {
        return "twilio";
    }

    @Override
    public Outcome send(SmsMessage message) {
        String form = "To=" + encode(message.to()) + "&From=" + encode(from) + "&Body=" + encode(message.body());
        HttpRequest request = HttpRequest.newBuilder(messages).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return HttpAnswers.send(http, request, clock, body -> field(body, "sid"),
                body -> field(body, "code").map(code -> code.matches("\\d+") && NUMBER_ERRORS.contains(Integer.parseInt(code)))
                        .orElse(false));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Optional<String> field(String body, String name) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body).get(name);
            return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
