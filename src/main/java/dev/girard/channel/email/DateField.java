package dev.girard.channel.email;

import java.time.Clock;
import java.util.Date;

import jakarta.mail.internet.MailDateFormat;

/**
 * The Date field's value (RFC 5322), formatted once a second rather than once a message: the formatter is
 * slow and not thread-safe, and every message of the same second carries the same text.
 */
final class DateField {
    private final Clock clock;
    private final MailDateFormat format = new MailDateFormat();
    private long second = Long.MIN_VALUE;
    private String text;

    DateField(Clock clock) {
        this.clock = clock;
    }

    synchronized String now() {
        long millis = clock.millis();
        long current = Math.floorDiv(millis, 1000);
        if (current != second) {
            second = current;
            text = format.format(new Date(current * 1000));
        }
        return text;
    }
}
