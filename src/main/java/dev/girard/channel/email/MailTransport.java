package dev.girard.channel.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Hands finished messages on: to an SMTP server, or to a pickup folder. One per worker thread. */
interface MailTransport extends AutoCloseable {
    void send(MimeMessage message) throws MessagingException;

    /** Whether an address with a non-ASCII local part can be handed on (an SMTP server offering SMTPUTF8). */
    boolean acceptsUtf8Addresses() throws MessagingException;

    @Override
    void close();
}
