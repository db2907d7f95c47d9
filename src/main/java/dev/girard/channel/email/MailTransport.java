package dev.girard.channel.email;

import dev.girard.channel.Recorded;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Hands finished messages on: to an SMTP server, or to a pickup folder. Pooled: the workers take turns on it
 * (see {@link TransportPool}).
 */
interface MailTransport extends AutoCloseable {
    /**
     * The verdict on a message whose end of data went out without waiting for it (see
     * {@link #send(MimeMessage, Verdict)}): null when the server accepted the message, else the refusal or the
     * failure that kept the reply from being read.
     */
    @FunctionalInterface
    interface Verdict {
        /** Hands the verdict over to be recorded; what it returns says when the record is committed. */
        Recorded settle(MessagingException refusal);
    }

    void send(MimeMessage message) throws MessagingException;

    /**
     * Sends, where the transport can, without waiting for the verdict on the message: the verdict is then
     * handed to {@code verdict} when it is read, with the next message sent or at {@link #confirm}, and its
     * record committed before the next message can be accepted.
     *
     * @return true when the verdict is still owed; false when the message was accepted before this returned
     * @throws MessagingException when the message was refused or not handed over
     */
    default boolean send(MimeMessage message, Verdict verdict) throws MessagingException {
        send(message);
        return false;
    }

    /** Reads the verdict still owed, if any, hands it over and waits until its record is committed. */
    default void confirm() throws MessagingException {
    }

    /** Whether an address with a non-ASCII local part can be handed on (an SMTP server offering SMTPUTF8). */
    boolean acceptsUtf8Addresses() throws MessagingException;

    @Override
    void close();
}
