package dev.girard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Hands finished messages on: to an SMTP server, or to a pickup folder. One per worker thread. */
interface MailTransport extends AutoCloseable {
    void send(MimeMessage message) throws MessagingException;

    @Override
    void close();
}
