package dev.girard.channel;

/**
 * What happened to one send: sent, worth retrying later, or failed for good. A permanent failure that
 * names the address as the cause (SMTP 5xx on the recipient) also suppresses the address. A channel that
 * produces its messages in batches (postcards) answers {@code QUEUED}: the message is accepted and the
 * channel's own batch step records it as sent once it is out.
 */
public record Outcome(Kind kind, String detail, String messageId, boolean suppress) {
    public enum Kind { SENT, QUEUED, RETRY, FAILED }

    public static Outcome sent(String messageId) {
        return new Outcome(Kind.SENT, null, messageId, false);
    }

    /** Accepted for a later batch; the channel records the delivery as sent when the batch is out. */
    public static Outcome queued(String detail) {
        return new Outcome(Kind.QUEUED, detail, null, false);
    }

    public static Outcome retry(String detail) {
        return new Outcome(Kind.RETRY, detail, null, false);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Kind.FAILED, detail, null, false);
    }

    /** Failed because of the address itself: never try it again. */
    public static Outcome rejected(String detail) {
        return new Outcome(Kind.FAILED, detail, null, true);
    }
}
