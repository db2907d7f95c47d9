package dev.girard.channel.sms;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.girard.channel.Outcome;

/**
 * How an SMS provider's HTTP answer becomes an outcome, the same for every HTTP gateway: 2xx sent; 429 and
 * 5xx retried, not before the Retry-After the provider gave; another 4xx failed, and suppressed when it
 * says the number is invalid; no answer at all (refused, timed out) retried.
 */
final class HttpAnswers {
    /** A Retry-After further out than this is taken as this: the engine's give-up age still applies. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);
    private static final int DETAIL_CHARS = 300;

    private HttpAnswers() {
    }

    /**
     * @param messageId     the provider's message id in a success answer's body, if there is one
     * @param invalidNumber whether a 4xx answer's body says the number is invalid
     */
    static Outcome send(HttpClient http, HttpRequest request, Clock clock, Function<String, Optional<String>> messageId,
            Predicate<String> invalidNumber) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return Outcome.retry("no answer from " + request.uri().getHost() + " within " + request.timeout()
                    .map(Duration::toMillis).orElse(0L) + " ms");
        } catch (IOException e) {
            return Outcome.retry("cannot reach " + request.uri().getHost() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted while sending");
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        String detail = "HTTP " + status + (body.isBlank() ? "" : ": " + shorten(body));
        if (status >= 200 && status < 300) {
            return Outcome.sent(messageId.apply(body).orElse(null));
        }
        if (status == 429 || status >= 500) {
            return Outcome.retry(detail, retryAfter(response.headers().firstValue("Retry-After"), clock).orElse(null));
        }
        if (status >= 400 && invalidNumber.test(body)) {
            return Outcome.rejected(detail);
        }
        return Outcome.failed(detail);
    }

    /** Retry-After in seconds or as an HTTP date; nothing when absent or unreadable. */
    static Optional<Duration> retryAfter(Optional<String> header, Clock clock) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        Duration wait;
        if (value.matches("\\d{1,9}")) {
            wait = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }

    private static String shorten(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= DETAIL_CHARS ? oneLine : oneLine.substring(0, DETAIL_CHARS) + "…";
    }
}
