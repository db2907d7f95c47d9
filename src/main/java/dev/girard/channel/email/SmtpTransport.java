package dev.girard.channel.email;

import org.eclipse.angus.mail.smtp.SMTPTransport;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * One SMTP connection, opened on first use and reused for every following message; after an error it is
 * closed so the next message reconnects.
 */
final class SmtpTransport implements MailTransport {
    private final Session session;
    private final String username;
    private final String password;
    private SMTPTransport transport;

    SmtpTransport(Session session, String username, String password) {
        this.session = session;
        this.username = username;
        this.password = password;
    }

    private void connect() throws MessagingException {
        if (transport == null || !transport.isConnected()) {
            close();
            transport = (SMTPTransport) session.getTransport("smtp");
            if (username.isEmpty()) {
                transport.connect();
            } else {
                transport.connect(username, password);
            }
        }
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
        } catch (MessagingException e) {
            if (!(e instanceof jakarta.mail.SendFailedException)) {
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
