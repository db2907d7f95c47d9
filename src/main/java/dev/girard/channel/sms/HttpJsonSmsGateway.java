package dev.girard.channel.sms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.channel.Outcome;
import dev.girard.core.Json;

/**
 * A generic SMS provider that takes one JSON POST per text: the body is a configured template whose
 * {@code ${to}}, {@code ${from}}, {@code ${body}} and {@code ${reference}} are replaced by JSON-escaped
 * values, the credential goes in a configured header, and the provider's message id is read from its
 * answer at a configured JSON pointer.
 */
public final class HttpJsonSmsGateway implements SmsGateway {
    private final HttpClient http;
    private final URI url;
    private final String authHeader;
    private final String authValue;
    private final String bodyTemplate;
    private final String idPointer;
    private final Pattern invalidNumber;
    private final String from;
    private final Duration timeout;
    private final Clock clock;

    public HttpJsonSmsGateway(URI url, String authHeader, String authValue, String bodyTemplate, String idPointer,
            Pattern invalidNumber, String from, Duration timeout, Clock clock) {
        this.url = url;
        this.authHeader = authHeader;
        this.authValue = authValue;
        this.bodyTemplate = bodyTemplate;
        this.idPointer = idPointer;
        this.invalidNumber = invalidNumber;
        this.from = from;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String id() {
        return "http";
    }

    @Override
    public Outcome send(SmsMessage message) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(message)));
        if (!authValue.isEmpty()) {
            request.header(authHeader, authValue);
        }
        return HttpAnswers.send(http, request.build(), clock, this::messageId, b -> invalidNumber.matcher(b).find());
    }

    /** The configured body with the message's values, each escaped as the inside of a JSON string. */
    String body(SmsMessage message) {
        return bodyTemplate.replace("${to}", jsonText(message.to())).replace("${from}", jsonText(from))
                .replace("${body}", jsonText(message.body())).replace("${reference}", jsonText(message.reference()));
    }

    private static String jsonText(String value) {
        String quoted = Json.write(value == null ? "" : value);
        return quoted.substring(1, quoted.length() - 1);
    }

    private Optional<String> messageId(String body) {
        if (idPointer.isEmpty() || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode id = Json.MAPPER.readTree(body).at(idPointer);
            return id.isMissingNode() || id.isNull() ? Optional.empty() : Optional.of(id.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
