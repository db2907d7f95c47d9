package dev.girard.channel.email;

import java.util.concurrent.TimeUnit;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * One SMTP connection, opened on first use and reused for every following message; after an error it is
 * closed so the next message reconnects. Whether a kept connection is still open is asked with a NOOP (what
 * {@link SMTPTransport#isConnected} sends) only when the server has been quiet for a while or the last
 * message failed: right after an accepted message the connection is taken as open, which saves one round trip
 * of the five a message would otherwise take. Where the server offers PIPELINING, a message to one recipient
 * goes out pipelined (see {@link PipeliningSmtpTransport}), and with a verdict to hand over, its final reply is
 * read with the next message (or at {@link #confirm}).
 */
final class SmtpTransport implements MailTransport {
    // A connection whose server accepted a message this recently is taken to be open without a NOOP.
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Session session;
    private final String envelopeFrom;
    private final String username;
    private final String password;
    private final int unrecordedAtMost;
    private PipeliningSmtpTransport transport;
    // System.nanoTime() when the server last accepted a message or answered the check; valid while trusted
    private long answeredAt;
    private boolean trusted;

    /**
     * @param unrecordedAtMost how many messages the connection may have accepted and not yet recorded (see
     *                         {@link PipeliningSmtpTransport#sendPipelined})
     */
    SmtpTransport(Session session, String username, String password, int unrecordedAtMost) {
        this.session = session;
        this.envelopeFrom = session.getProperty("mail.smtp.from");
        this.username = username;
        this.password = password;
        this.unrecordedAtMost = unrecordedAtMost;
    }

    private void connect() throws MessagingException {
        if (transport != null && trusted && System.nanoTime() - answeredAt < QUIET_NANOS) {
            return;
        }
        trusted = false;
        if (transport == null || !transport.isConnected()) {
            close();
            transport = new PipeliningSmtpTransport(session, unrecordedAtMost);
            transport.open(username, password);
        }
        answeredAt = System.nanoTime();
        trusted = true;
    }

    /** Asks the server's EHLO answer, connecting first if need be. */
    @Override
    public boolean acceptsUtf8Addresses() throws MessagingException {
        connect();
        return transport.supportsExtension("SMTPUTF8");
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        send(message, null);
    }

    @Override
    public boolean send(MimeMessage message, Verdict verdict) throws MessagingException {
        // a connection owing a verdict carried a message just now; a NOOP's reply would come after the verdict
        if (transport == null || !transport.owesVerdict()) {
            connect();
        }
        try {
            jakarta.mail.Address[] recipients = message.getAllRecipients();
            boolean owed = false;
            if (recipients.length == 1 && recipients[0] instanceof InternetAddress to && transport.pipelines()) {
                transport.sendPipelined(message, envelopeFrom, to, verdict);
                owed = verdict != null;
            } else {
                transport.settle();
                transport.sendMessage(message, recipients);
            }
            answeredAt = System.nanoTime();
            trusted = true;
            return owed;
        } catch (MessagingException e) {
            // a refusal may come with the connection closed (421): the next message checks before it is sent
            trusted = false;
            if (!(e instanceof jakarta.mail.SendFailedException)) {
                close();
            }
            throw e;
        } catch (RuntimeException e) {
            // the last message's verdict could not be recorded: this one is not sent (its end of data never left)
            giveUp();
            throw e;
        }
    }

    @Override
    public void confirm() throws MessagingException {
        if (transport == null) {
            return;
        }
        try {
            transport.settle();
        } catch (MessagingException | RuntimeException e) {
            giveUp();
            throw e;
        }
    }

    /** Ends a connection that failed; the next message reconnects. */
    private void giveUp() {
        trusted = false;
        close();
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.abandon(new MessagingException("The connection to the SMTP server was closed before it confirmed "
                    + "the message"));
            try {
                transport.close();
            } catch (MessagingException e) {
                // the connection is gone either way
            }
            transport = null;
        }
    }
}
