package dev.girard.channel.sms;

/** A text as it would go out, with how it travels (encoding, segments) and its price. */
public record SmsPreview(String text, SmsSegments.Count count, long costMicros) {
}
