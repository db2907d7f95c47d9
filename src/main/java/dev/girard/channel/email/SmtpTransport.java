package dev.girard.channel.email;

import java.util.concurrent.TimeUnit;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * One SMTP connection, opened on first use and reused for every following message; after an error it is
 * closed so the next message reconnects. Whether a kept connection is still open is asked with a NOOP (what
 * {@link SMTPTransport#isConnected} sends) only when the server has been quiet for a while: right after an
 * answer the connection is taken as open, which saves one round trip of the five a message would otherwise take.
 */
final class SmtpTransport implements MailTransport {
    // A server that answered this recently is taken to be there without a NOOP.
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Session session;
    private final String username;
    private final String password;
    private SMTPTransport transport;
    private long answeredAt;

    SmtpTransport(Session session, String username, String password) {
        this.session = session;
        this.username = username;
        this.password = password;
    }

    private void connect() throws MessagingException {
        if (transport != null && System.nanoTime() - answeredAt < QUIET_NANOS) {
            return;
        }
        if (transport == null || !transport.isConnected()) {
            close();
            transport = (SMTPTransport) session.getTransport("smtp");
            if (username.isEmpty()) {
                transport.connect();
            } else {
                transport.connect(username, password);
            }
        }
        answeredAt = System.nanoTime();
    }

    /** Asks the server's EHLO answer, connecting first if need be. */
    @Override
    public boolean acceptsUtf8Addresses() throws MessagingException {
        connect();
        return transport.supportsExtension("SMTPUTF8");
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        connect();
        try {
            transport.sendMessage(message, message.getAllRecipients());
            answeredAt = System.nanoTime();
        } catch (MessagingException e) {
            if (e instanceof jakarta.mail.SendFailedException) {
                answeredAt = System.nanoTime();
            } else {
                close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // the connection is gone either way
            }
            transport = null;
        }
    }
}
