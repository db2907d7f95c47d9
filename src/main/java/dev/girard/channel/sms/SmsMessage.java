package dev.girard.channel.sms;

/**
 * One text to send.
 *
 * @param reference Girard's own id for it (girard-{delivery}), passed to providers that keep one
 */
public record SmsMessage(String to, String body, String reference) {
}
