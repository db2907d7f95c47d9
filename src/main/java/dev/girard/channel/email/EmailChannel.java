package dev.girard.channel.email;

import java.io.UnsupportedEncodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.channel.Recorded;
import dev.girard.config.Config;
import dev.girard.config.ConfigKey;
import dev.girard.customer.Customer;
import dev.girard.render.RenderedEmail;
import dev.girard.render.TemplateEngine;
import dev.girard.render.TemplateProblem;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * E-mail over SMTP (Jakarta Mail), or into a pickup folder of .eml files when no SMTP host is configured.
 * Each message is multipart/alternative with a plain-text and an HTML part, a Message-ID on the sender's
 * domain derived from its delivery (a resend after a crash carries the same id), one-click unsubscribe
 * headers (RFC 8058) with a signed link that the templates also show, and a DKIM signature when a key is
 * configured. Domains go out as punycode; a non-ASCII local part goes only to a server that offers SMTPUTF8.
 */
public final class EmailChannel implements Channel {

    static {
        // Jakarta Mail looks its stream provider up on every part it writes; named here, it skips the
        // ServiceLoader scan of every jar on the class path (the lookup order is the API's own)
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final TemplateEngine templates;
    private final UnsubscribeLinks unsubscribeLinks;
    private final Session session;
    private final Session utf8Session;
    private final TransportPool transports;
    private final DateField dates = new DateField(java.time.Clock.systemUTC());
    // the From and Reply-To fields' values, worked out once; Reply-To null when not set
    private final AddressField from;
    private final AddressField replyTo;
    private final String messageIdDomain;
    private final Optional<Dkim> dkim;

    /**
     * @throws dev.girard.config.ConfigException when the DKIM key cannot be used
     */
    public EmailChannel(Config config, TemplateEngine templates, UnsubscribeLinks unsubscribeLinks) {
        this.templates = templates;
        this.unsubscribeLinks = unsubscribeLinks;
        this.session = Session.getInstance(smtpProperties(config, false));
        // Headers with UTF-8 addresses, and the SMTPUTF8 parameter where the server offers it; only messages
        // to a non-ASCII local part are composed in this session, the rest keep RFC 2047 encoded headers
        this.utf8Session = Session.getInstance(smtpProperties(config, true));
        String fromName = config.get(ConfigKey.MAIL_FROM_NAME).isEmpty()
                ? config.get(ConfigKey.BUSINESS_NAME) : config.get(ConfigKey.MAIL_FROM_NAME);
        String fromAddress = Addresses.asciiDomain(config.get(ConfigKey.MAIL_FROM));
        this.from = AddressField.of(address(fromAddress, fromName));
        this.replyTo = config.get(ConfigKey.MAIL_REPLY_TO).isEmpty() ? null
                : AddressField.of(address(Addresses.asciiDomain(config.get(ConfigKey.MAIL_REPLY_TO)), null));
        this.messageIdDomain = Addresses.domain(fromAddress);
        this.dkim = Dkim.fromConfig(config, messageIdDomain);
        if (config.smtpConfigured()) {
            String user = config.get(ConfigKey.SMTP_USERNAME);
            String password = config.get(ConfigKey.SMTP_PASSWORD);
            int connections = config.getInt(ConfigKey.SMTP_CONNECTIONS);
            // One message in flight per worker, as many as a crash can repeat: the workers' share of each
            // connection. With more workers than connections, a connection lets the next message be accepted
            // while the last ones' records commit, and the records of both connections share commits.
            int unrecordedAtMost = Math.max(1, config.getInt(ConfigKey.DELIVERY_WORKERS) / connections);
            this.transports = new TransportPool(() -> new SmtpTransport(utf8Session, user, password, unrecordedAtMost),
                    connections);
        } else {
            Path folder = config.outboxDir();
            this.transports = new TransportPool(() -> new PickupFolderTransport(folder), Integer.MAX_VALUE);
        }
    }

    /** What start-up should tell the operator about signing: the domain, and the DNS record to publish. */
    public String dkimSummary() {
        return dkim.map(d -> "DKIM: signing as d=" + d.domain() + ", s=" + d.selector() + "; the public key to publish: "
                + d.dnsRecord().orElse("(derive it from the private key: openssl pkey -pubout)"))
                .orElse("DKIM: not signing (set girard.dkim.key to sign e-mails)");
    }

    private static Properties smtpProperties(Config config, boolean utf8) {
        Properties p = new Properties();
        p.put("mail.mime.allowutf8", String.valueOf(utf8));
        String timeout = config.get(ConfigKey.SMTP_TIMEOUT_MS);
        p.put("mail.smtp.host", config.get(ConfigKey.SMTP_HOST));
        p.put("mail.smtp.port", config.get(ConfigKey.SMTP_PORT));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.from", Addresses.asciiDomain(config.get(ConfigKey.MAIL_FROM)));
        p.put("mail.smtp.auth", String.valueOf(!config.get(ConfigKey.SMTP_USERNAME).isEmpty()));
        switch (config.get(ConfigKey.SMTP_SECURITY)) {
            case "starttls" -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case "ssl" -> p.put("mail.smtp.ssl.enable", "true");
            default -> { }
        }
        if (config.get(ConfigKey.SMTP_SECURITY).equals("ssl")) {
            p.put("mail.smtp.writetimeout", timeout);
        } else {
            // plain and STARTTLS connections time their writes with one watchdog rather than a timer task per
            // write (see WriteTimedSockets); a socket factory, so put as an object, not a string
            p.put("mail.smtp.socketFactory", new WriteTimedSockets(Long.parseLong(timeout)));
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

    /**
     * A worker's connection: it renders and composes on the worker's thread, and takes one of the pooled
     * transports only to hand the finished message over. A pipelining transport goes back to the pool still
     * owing the verdict on that message: the worker that sends the next message on it reads the verdict with
     * that message's envelope and hands it to this worker's {@code record}, while this worker renders its next
     * message. The connections then carry a message while the workers render, rather than wait for them.
     */
    @Override
    public Connection open() {
        transports.opened();
        Dkim.Signer signer = dkim.map(Dkim::signer).orElse(null);
        return new Connection() {
            // this worker's messages since the last flush whose verdicts their transports may have owed
            private final List<Owed> owed = new ArrayList<>();

            @Override
            public Outcome send(Outgoing message) {
                Outcome[] outcome = new Outcome[1];
                send(message, o -> {
                    outcome[0] = o;
                    return Recorded.DONE;
                });
                flush();
                return outcome[0];
            }

            @Override
            public void send(Outgoing message, Function<Outcome, Recorded> record) {
                String address;
                try {
                    address = Addresses.asciiDomain(message.address());
                } catch (IllegalArgumentException e) {
                    recordNow(record, Outcome.failed("the address " + message.address() + " cannot be sent to: "
                            + e.getMessage()));
                    return;
                }
                boolean utf8 = !Addresses.isAscii(address);
                Map<String, Object> model = new LinkedHashMap<>(message.model());
                String unsubscribeUrl = unsubscribeLinks.url(message.customer().id(), message.campaignId());
                model.put("unsubscribeUrl", unsubscribeUrl);
                RenderedEmail email = templates.renderEmail(message.template(), model);
                EncodedMessage mime;
                try {
                    mime = compose(message, address, utf8, unsubscribeUrl, email);
                    if (signer != null) {
                        mime.sign(signer);
                    }
                } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
                    recordNow(record, Outcome.failed("cannot compose the message: " + e.getMessage()));
                    return;
                }
                MailTransport transport;
                try {
                    transport = transports.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    recordNow(record, Outcome.retry("stopped before the message was handed over"));
                    return;
                }
                boolean owes = false;
                try {
                    if (utf8 && !transport.acceptsUtf8Addresses()) {
                        recordNow(record, Outcome.failed("the address " + address + " has a non-ASCII local part, which "
                                + "needs SMTPUTF8 (RFC 6531), and the SMTP server does not offer SMTPUTF8"));
                        return;
                    }
                    String messageId = mime.getMessageID();
                    Owed pending = new Owed(transport);
                    owes = transport.send(mime, refusal -> pending.settle(() ->
                            record.apply(refusal == null ? Outcome.sent(messageId) : classify(refusal))));
                    if (owes) {
                        owed.add(pending);
                    } else {
                        recordNow(record, Outcome.sent(messageId));
                    }
                } catch (MessagingException e) {
                    recordNow(record, classify(e));
                } finally {
                    if (owes) {
                        // its next user reads the verdict (see flush for when there is none)
                        transports.give(transport);
                    } else {
                        giveBack(transport);
                    }
                }
            }

            /**
             * Waits until the verdicts on this worker's messages are handed over and their records committed.
             * Another worker's message on the same transport reads such a verdict; a transport left idle in
             * the pool is taken back and asked for it here. (The worker's next claim must not find these rows
             * still leased to it.)
             */
            @Override
            public void flush() {
                try {
                    for (Owed pending : owed) {
                        while (!pending.handedOver(5)) {
                            if (transports.takeIfIdle(pending.transport)) {
                                giveBack(pending.transport);
                            }
                        }
                    }
                    for (Owed pending : owed) {
                        pending.recorded.await();
                    }
                } finally {
                    owed.clear();
                }
            }

            /** Returns a transport to the pool owing nothing. */
            private void giveBack(MailTransport transport) {
                try {
                    transport.confirm();
                } catch (MessagingException e) {
                    // the transport handed the verdict its failure (the message is retried) and closed the connection
                } finally {
                    transports.give(transport);
                }
            }

            @Override
            public void close() {
                try {
                    flush();
                } finally {
                    transports.closed();
                }
            }
        };
    }

    /**
     * A message's verdict as its transport owes it: handed over (and its record begun) by whichever worker
     * reads it, awaited by the worker that sent the message.
     */
    private static final class Owed {
        final MailTransport transport;
        private final CountDownLatch handedOver = new CountDownLatch(1);
        private volatile Recorded recorded;

        Owed(MailTransport transport) {
            this.transport = transport;
        }

        /** Records the verdict through {@code record}; a record that fails to start fails its awaiting too. */
        Recorded settle(Supplier<Recorded> record) {
            try {
                recorded = record.get();
                return recorded;
            } catch (RuntimeException e) {
                recorded = () -> {
                    throw e;
                };
                throw e;
            } finally {
                handedOver.countDown();
            }
        }

        boolean handedOver(long millis) {
            try {
                return handedOver.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the SMTP server's verdict", e);
            }
        }
    }

    private static void recordNow(Function<Outcome, Recorded> record, Outcome outcome) {
        record.apply(outcome).await();
    }

    private EncodedMessage compose(Outgoing message, String address, boolean utf8, String unsubscribeUrl,
            RenderedEmail email) throws MessagingException, UnsupportedEncodingException {
        String messageId = "<girard." + message.campaignId() + "." + message.deliveryId() + "@" + messageIdDomain + ">";
        InternetAddress to = new InternetAddress(address, message.recipientName(), "UTF-8");
        MimeWriter header = new MimeWriter(utf8)
                .raw("Date", dates.now())
                .raw("From", from.value(utf8));
        if (replyTo != null) {
            header.raw("Reply-To", replyTo.value(utf8));
        }
        header.raw("To", utf8 ? to.toUnicodeString() : to.toString())
                .raw("Message-ID", messageId)
                .text("Subject", email.subject())
                // RFC 2369 and RFC 8058: mail programs show an unsubscribe button that POSTs to the link at once
                .raw("List-Unsubscribe", "<" + unsubscribeUrl + ">")
                .raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .raw("X-Girard-Delivery", String.valueOf(message.deliveryId()));
        byte[] bytes = header.alternative("=_girard_" + message.deliveryId() + "_" + Long.toHexString(System.nanoTime()),
                email.text(), email.html());
        return new EncodedMessage(utf8 ? utf8Session : session, messageId, to, message.deliveryId(), bytes,
                header.transparent());
    }

    /**
     * A message whose bytes are already written (see {@link MimeWriter}): the transports and the DKIM signer
     * read it through {@link #writeTo}, which hands over those bytes whole. Written into the SMTP stream
     * piece by piece, the MIME structure would go byte by byte through its dot-stuffing and line-end checks.
     */
    private static final class EncodedMessage extends MimeMessage implements PipeliningSmtpTransport.Encoded {
        private final String messageId;
        private final InternetAddress[] recipients;
        private byte[] encoded;
        // whether the SMTP data stream would send the bytes unchanged (see MimeWriter#transparent)
        private boolean transparent;

        EncodedMessage(Session session, String messageId, InternetAddress to, long deliveryId, byte[] encoded,
                boolean transparent) throws MessagingException {
            super(session);
            this.messageId = messageId;
            this.recipients = new InternetAddress[] {to};
            this.encoded = encoded;
            this.transparent = transparent;
            // the fields that the transports look up (the pickup folder names its file after the delivery)
            setHeader("Message-ID", messageId);
            setHeader("X-Girard-Delivery", String.valueOf(deliveryId));
        }

        @Override
        public String getMessageID() {
            return messageId;
        }

        @Override
        public jakarta.mail.Address[] getAllRecipients() {
            return recipients.clone();
        }

        /** Puts a DKIM-Signature field, made over the encoded bytes, in front of them. */
        void sign(Dkim.Signer signer) throws MessagingException {
            byte[] field = signer.signatureField(this);
            byte[] signed = java.util.Arrays.copyOf(field, field.length + encoded.length);
            System.arraycopy(encoded, 0, signed, field.length, encoded.length);
            encoded = signed;
            transparent = transparent && MimeWriter.transparent(field, 0, field.length);
        }

        @Override
        public byte[] transparentBytes() {
            return transparent ? encoded : null;
        }

        /** The written bytes; the fields a transport asks to leave out (Bcc, Content-Length) are never in them. */
        @Override
        public void writeTo(java.io.OutputStream out, String[] ignoreHeaders) throws java.io.IOException {
            out.write(encoded);
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

    /** An address field's value in 7-bit form (RFC 2047 encoded words) and in UTF-8 (SMTPUTF8 connections). */
    private record AddressField(String ascii, String unicode) {
        static AddressField of(InternetAddress address) {
            return new AddressField(address.toString(), address.toUnicodeString());
        }

        String value(boolean utf8) {
            return utf8 ? unicode : ascii;
        }
    }
}
