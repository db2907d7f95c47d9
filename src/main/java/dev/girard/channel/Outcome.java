package dev.girard.channel;

import java.time.Duration;

/**
 * What happened to one send: sent, worth retrying later, or failed for good. A permanent failure that
 * names the address as the cause (SMTP 5xx on the recipient) also suppresses the address. A channel that
 * produces its messages in batches (postcards) answers {@code QUEUED}: the message is accepted and the
 * channel's own batch step records it as sent (with its cost) once it is out.
 *
 * @param costMicros what this message cost in millionths of the currency unit, when the channel knows it
 *                   (e.g. priced by SMS segments); null: the channel's configured cost per message
 * @param retryAfter for a retry, the wait the receiving server asked for (HTTP Retry-After); null: the
 *                   engine's own backoff
 */
public record Outcome(Kind kind, String detail, String messageId, boolean suppress, Long costMicros,
        Duration retryAfter) {
    public enum Kind { SENT, QUEUED, RETRY, FAILED }

    public static Outcome sent(String messageId) {
        return new Outcome(Kind.SENT, null, messageId, false, null, null);
    }

    /** Accepted for a later batch; the channel records the delivery as sent when the batch is out. */
    public static Outcome queued(String detail) {
        return new Outcome(Kind.QUEUED, detail, null, false, null, null);
    }

    public static Outcome retry(String detail) {
        return new Outcome(Kind.RETRY, detail, null, false, null, null);
    }

    /** Worth retrying, but not before {@code after} (null: the engine's own backoff). */
    public static Outcome retry(String detail, Duration after) {
        return new Outcome(Kind.RETRY, detail, null, false, null, after);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Kind.FAILED, detail, null, false, null, null);
    }

    /** Failed because of the address itself: never try it again. */
    public static Outcome rejected(String detail) {
        return new Outcome(Kind.FAILED, detail, null, true, null, null);
    }

    /** This outcome with the cost of this one message, for channels whose price varies by message. */
    public Outcome withCost(long micros) {
        return new Outcome(kind, detail, messageId, suppress, micros, retryAfter);
    }
}
