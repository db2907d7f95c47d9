package dev.girard.channel.email;

import java.io.UnsupportedEncodingException;
import java.nio.file.Path;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.config.Config;
import dev.girard.config.ConfigKey;
import dev.girard.customer.Customer;
import dev.girard.render.RenderedEmail;
import dev.girard.render.TemplateEngine;
import dev.girard.render.TemplateProblem;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * E-mail over SMTP (Jakarta Mail), or into a pickup folder of .eml files when no SMTP host is configured.
 * Each message is multipart/alternative with a plain-text and an HTML part, and a Message-ID derived from
 * its delivery, so a resend after a crash carries the same id.
 */
public final class EmailChannel implements Channel {
    private static final java.util.Base64.Encoder BASE64 = java.util.Base64.getMimeEncoder(76, new byte[] {'\r', '\n'});

    static {
        // Jakarta Mail looks its stream provider up on every part it writes; named here, it skips the
        // ServiceLoader scan of every jar on the class path (the lookup order is the API's own)
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final TemplateEngine templates;
    private final Session session;
    private final TransportPool transports;
    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final String messageIdDomain;

    public EmailChannel(Config config, TemplateEngine templates) {
        this.templates = templates;
        this.session = Session.getInstance(smtpProperties(config));
        String fromName = config.get(ConfigKey.MAIL_FROM_NAME).isEmpty()
                ? config.get(ConfigKey.BUSINESS_NAME) : config.get(ConfigKey.MAIL_FROM_NAME);
        this.from = address(config.get(ConfigKey.MAIL_FROM), fromName);
        this.replyTo = config.get(ConfigKey.MAIL_REPLY_TO).isEmpty() ? null : address(config.get(ConfigKey.MAIL_REPLY_TO), null);
        this.messageIdDomain = config.get(ConfigKey.MAIL_FROM).substring(config.get(ConfigKey.MAIL_FROM).lastIndexOf('@') + 1);
        if (config.smtpConfigured()) {
            String user = config.get(ConfigKey.SMTP_USERNAME);
            String password = config.get(ConfigKey.SMTP_PASSWORD);
            this.transports = new TransportPool(() -> new SmtpTransport(session, user, password),
                    config.getInt(ConfigKey.SMTP_CONNECTIONS));
        } else {
            Path folder = config.outboxDir();
            this.transports = new TransportPool(() -> new PickupFolderTransport(folder), Integer.MAX_VALUE);
        }
    }

    private static Properties smtpProperties(Config config) {
        Properties p = new Properties();
        String timeout = config.get(ConfigKey.SMTP_TIMEOUT_MS);
        p.put("mail.smtp.host", config.get(ConfigKey.SMTP_HOST));
        p.put("mail.smtp.port", config.get(ConfigKey.SMTP_PORT));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.from", config.get(ConfigKey.MAIL_FROM));
        p.put("mail.smtp.auth", String.valueOf(!config.get(ConfigKey.SMTP_USERNAME).isEmpty()));
        switch (config.get(ConfigKey.SMTP_SECURITY)) {
            case "starttls" -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case "ssl" -> p.put("mail.smtp.ssl.enable", "true");
            default -> { }
        }
        return p;
    }

    private static InternetAddress address(String email, String name) {
        try {
            return name == null ? new InternetAddress(email, true) : new InternetAddress(email, name, "UTF-8");
        } catch (jakarta.mail.internet.AddressException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("Invalid address " + email + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return "email";
    }

    @Override
    public Optional<String> address(Customer customer) {
        return Optional.ofNullable(customer.email()).filter(e -> !e.isBlank());
    }

    /**
     * A worker's connection: it renders and composes on the worker's thread, and takes one of the pooled
     * transports only to hand the finished message over.
     */
    @Override
    public Optional<String> templateProblem(String template) {
        if (!templates.emailTemplateExists(template)) {
            return Optional.of("is not an e-mail template; available: " + String.join(", ", templates.emailTemplates()));
        }
        try {
            templates.checkEmailTemplate(template);
            return Optional.empty();
        } catch (TemplateProblem e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Connection open() {
        transports.opened();
        return new Connection() {
            @Override
            public Outcome send(Outgoing message) {
                RenderedEmail email = templates.renderEmail(message.template(), message.model());
                MimeMessage mime;
                try {
                    mime = compose(message, email);
                } catch (MessagingException | UnsupportedEncodingException e) {
                    return Outcome.failed("cannot compose the message: " + e.getMessage());
                }
                MailTransport transport;
                try {
                    transport = transports.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.retry("stopped before the message was handed over");
                }
                try {
                    transport.send(mime);
                    return Outcome.sent(mime.getMessageID());
                } catch (MessagingException e) {
                    return classify(e);
                } finally {
                    transports.give(transport);
                }
            }

            @Override
            public void close() {
                transports.closed();
            }
        };
    }

    private MimeMessage compose(Outgoing message, RenderedEmail email) throws MessagingException, UnsupportedEncodingException {
        String messageId = "<girard." + message.campaignId() + "." + message.deliveryId() + "@" + messageIdDomain + ">";
        EncodedMessage mime = new EncodedMessage(session, messageId);
        mime.setFrom(from);
        if (replyTo != null) {
            mime.setReplyTo(new InternetAddress[] {replyTo});
        }
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.address(), message.recipientName(), "UTF-8"));
        mime.setSubject(email.subject(), "UTF-8");
        mime.setSentDate(new Date());
        mime.setHeader("X-Girard-Delivery", String.valueOf(message.deliveryId()));
        MimeBodyPart text = encodedPart("text/plain; charset=UTF-8", email.text());
        MimeBodyPart html = encodedPart("text/html; charset=UTF-8", email.html());
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        mime.setContent(alternative);
        mime.saveChanges();
        mime.encode();
        return mime;
    }

    /**
     * A body part already in base64 (the JDK's encoder, far quicker than encoding through Jakarta Mail's
     * streams); Jakarta Mail copies such a part's bytes as they are.
     */
    private static MimeBodyPart encodedPart(String contentType, String content) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", contentType);
        headers.setHeader("Content-Transfer-Encoding", "base64");
        byte[] encoded = BASE64.encode(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new MimeBodyPart(headers, encoded);
    }

    /**
     * A message encoded once into bytes and then written in one piece: writing the MIME structure straight
     * into the SMTP stream goes byte by byte through its dot-stuffing and line-ending checks, which costs
     * more than encoding into a buffer and handing that over whole.
     */
    private static final class EncodedMessage extends MimeMessage {
        private final String messageId;
        private byte[] encoded;

        EncodedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        void encode() throws MessagingException {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(16 * 1024);
            try {
                super.writeTo(buffer, null);
            } catch (java.io.IOException e) {
                throw new MessagingException("Cannot encode the message", e);
            }
            encoded = buffer.toByteArray();
        }

        @Override
        public void writeTo(java.io.OutputStream out, String[] ignoreHeaders) throws java.io.IOException, MessagingException {
            if (encoded == null || ignoreHeaders != null && ignoreHeaders.length > 0 && hasAny(ignoreHeaders)) {
                super.writeTo(out, ignoreHeaders);
            } else {
                out.write(encoded);
            }
        }

        private boolean hasAny(String[] headers) throws MessagingException {
            for (String header : headers) {
                if (getHeader(header) != null) {
                    return true;
                }
            }
            return false;
        }
    }

    /** SMTP 5xx on the recipient or message is permanent; 4xx, timeouts and dropped connections are worth retrying. */
    static Outcome classify(MessagingException e) {
        for (Exception cause = e; cause != null; cause = cause instanceof MessagingException m ? m.getNextException() : null) {
            if (cause instanceof SMTPAddressFailedException f) {
                String reply = f.getMessage() == null ? String.valueOf(f.getReturnCode()) : f.getMessage().strip();
                return f.getReturnCode() >= 500 ? Outcome.rejected(reply) : Outcome.retry(reply);
            }
            if (cause instanceof SMTPSendFailedException f) {
                return byCode(f.getReturnCode(), f.getMessage());
            }
        }
        if (e instanceof SendFailedException) {
            return Outcome.failed(e.getMessage());
        }
        return Outcome.retry(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip());
    }

    private static Outcome byCode(int code, String reply) {
        String detail = reply == null ? String.valueOf(code) : reply.strip();
        return code >= 500 ? Outcome.failed(detail) : Outcome.retry(detail);
    }
}
