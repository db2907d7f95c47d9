package dev.girard.channel;

import java.time.Duration;

/**
 * What happened to one send: sent, worth retrying later, or failed for good. A permanent failure that
 * names the address as the cause (SMTP 5xx on the recipient) also suppresses the address.
 *
 * @param retryAfter for a retry, the wait the receiving server asked for (HTTP Retry-After); null: the
 *                   engine's own backoff
 * @param costMicros for a sent message whose price depends on it (SMS segments), what it cost in
 *                   millionths of the currency unit; null when the channel does not price single messages
 */
public record Outcome(Kind kind, String detail, String messageId, boolean suppress, Duration retryAfter,
        Long costMicros) {
    public enum Kind { SENT, RETRY, FAILED }

    public static Outcome sent(String messageId) {
        return new Outcome(Kind.SENT, null, messageId, false, null, null);
    }

    public static Outcome retry(String detail) {
        return new Outcome(Kind.RETRY, detail, null, false, null, null);
    }

    /** Worth retrying, but not before {@code after} (null: the engine's own backoff). */
    public static Outcome retry(String detail, Duration after) {
        return new Outcome(Kind.RETRY, detail, null, false, after, null);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Kind.FAILED, detail, null, false, null, null);
    }

    /** Failed because of the address itself: never try it again. */
    public static Outcome rejected(String detail) {
        return new Outcome(Kind.FAILED, detail, null, true, null, null);
    }

    /** This outcome with the price of the message. */
    public Outcome withCost(long micros) {
        return new Outcome(kind, detail, messageId, suppress, retryAfter, micros);
    }
}
