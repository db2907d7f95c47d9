package dev.girard.channel;

/** What happened to one send: sent, worth retrying later, or failed for good. */
public record Outcome(Kind kind, String detail, String messageId) {
    public enum Kind { SENT, RETRY, FAILED }

    public static Outcome sent(String messageId) {
        return new Outcome(Kind.SENT, null, messageId);
    }

    public static Outcome retry(String detail) {
        return new Outcome(Kind.RETRY, detail, null);
    }

    public static Outcome failed(String detail) {
        return new Outcome(Kind.FAILED, detail, null);
    }
}
