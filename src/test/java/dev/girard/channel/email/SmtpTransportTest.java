package dev.girard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.channel.Recorded;
import dev.girard.support.FlakySmtpServer;
import dev.girard.support.SelfSignedTls;
import dev.girard.support.Waiting;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The one promise of a connection that reads a message's verdict only with the next message: that next
 * message is not accepted by the server (its end of data does not leave) before the last one's outcome is
 * recorded. A crash can then repeat at most one message per connection.
 */
class SmtpTransportTest {
    private FlakySmtpServer smtp;
    private Session session;
    private SmtpTransport transport;
    private final List<String> verdicts = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        smtp = FlakySmtpServer.start().pipelining(true);
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.from", "shop@example.org");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.socketFactory", new WriteTimedSockets(10_000));
        session = Session.getInstance(p);
        transport = new SmtpTransport(session, "", "", 1);
    }

    @AfterEach
    void stop() {
        transport.close();
        smtp.close();
    }

    @Test
    void the_next_message_is_accepted_only_once_the_last_ones_outcome_is_recorded() throws Exception {
        CountDownLatch committed = new CountDownLatch(1);
        boolean owed = transport.send(message(1), refusal -> {
            verdicts.add("1: " + (refusal == null ? "accepted" : refusal.getMessage()));
            return () -> Waiting.released(committed, "the commit");
        });
        assertThat(owed).as("the verdict comes with the next message").isTrue();
        assertThat(smtp.awaitReceived(1, Duration.ofSeconds(10))).isTrue();

        MimeMessage message2 = message(2);
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> send(message2, "2"));
        Thread.sleep(1000);
        assertThat(verdicts).as("the first verdict was read with the second envelope").containsExactly("1: accepted");
        assertThat(second).as("the second message waits for the first one's record").isNotDone();
        assertThat(smtp.receivedCount()).as("the second message's end of data has not left").isEqualTo(1);
        assertThat(smtp.pipelinedTransactions()).as("its envelope went out meanwhile, pipelined").isEqualTo(2);

        committed.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(smtp.awaitReceived(2, Duration.ofSeconds(10))).isTrue();
        transport.confirm();
        assertThat(verdicts).containsExactly("1: accepted", "2: accepted");
        assertThat(smtp.received()).extracting(r -> r.recipients().get(0))
                .containsExactly("customer1@example.org", "customer2@example.org");
    }

    @Test
    void with_two_unrecorded_allowed_the_second_message_is_accepted_while_the_first_commits_and_the_third_waits()
            throws Exception {
        transport.close();
        transport = new SmtpTransport(session, "", "", 2);
        CountDownLatch committed = new CountDownLatch(1);
        transport.send(message(1), refusal -> {
            verdicts.add("1: " + (refusal == null ? "accepted" : refusal.getMessage()));
            return () -> Waiting.released(committed, "the commit");
        });
        assertThat(send(message(2), "2")).isTrue();
        assertThat(smtp.awaitReceived(2, Duration.ofSeconds(10))).as("the second message did not wait").isTrue();

        MimeMessage message3 = message(3);
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> send(message3, "3"));
        Thread.sleep(1000);
        assertThat(third).as("the third message waits for the first one's record").isNotDone();
        assertThat(smtp.receivedCount()).as("two accepted and not recorded, and no more").isEqualTo(2);

        committed.countDown();
        assertThat(third.get(10, TimeUnit.SECONDS)).isTrue();
        transport.confirm();
        assertThat(verdicts).containsExactly("1: accepted", "2: accepted", "3: accepted");
        assertThat(smtp.received()).extracting(r -> r.recipients().get(0))
                .containsExactly("customer1@example.org", "customer2@example.org", "customer3@example.org");
    }

    @Test
    void when_the_last_outcome_cannot_be_recorded_the_next_message_is_never_accepted() throws Exception {
        transport.send(message(1), refusal -> () -> {
            throw new IllegalStateException("the database is gone");
        });
        assertThat(smtp.awaitReceived(1, Duration.ofSeconds(10))).isTrue();

        assertThatThrownBy(() -> transport.send(message(2), refusal -> Recorded.DONE))
                .isInstanceOf(IllegalStateException.class).hasMessage("the database is gone");
        Thread.sleep(500);
        assertThat(smtp.receivedCount()).as("the second message was dropped with the connection, unfinished")
                .isEqualTo(1);

        // the transport reconnects for the message after, which is accepted and confirmed as usual
        assertThat(transport.send(message(3), refusal -> {
            verdicts.add("3: " + (refusal == null ? "accepted" : refusal.getMessage()));
            return Recorded.DONE;
        })).isTrue();
        transport.confirm();
        assertThat(verdicts).containsExactly("3: accepted");
        assertThat(smtp.received()).extracting(r -> r.recipients().get(0))
                .containsExactly("customer1@example.org", "customer3@example.org");
        assertThat(smtp.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void a_message_written_already_arrives_as_it_was_written_whether_it_needs_dots_doubled_or_not() throws Exception {
        String plain = "Subject: plain\r\n\r\nHello\r\nA line. And another.\r\n";
        // a line that starts with a dot must be sent with the dot doubled, and a bare LF as CRLF
        String dotted = "Subject: dotted\r\n\r\nHello\r\n.hidden?\r\n..two\r\nbare\nend\r\n";
        assertThat(written(1, plain).transparentBytes()).as("goes out whole").isNotNull();
        assertThat(written(2, dotted).transparentBytes()).as("goes through the data stream").isNull();

        assertThat(send(written(1, plain), "1")).isTrue();
        assertThat(send(written(2, dotted), "2")).isTrue();
        assertThat(send(written(3, plain), "3")).isTrue();
        transport.confirm();

        assertThat(verdicts).containsExactly("1: accepted", "2: accepted", "3: accepted");
        assertThat(smtp.received()).extracting(FlakySmtpServer.Received::text).containsExactly(plain,
                "Subject: dotted\r\n\r\nHello\r\n.hidden?\r\n..two\r\nbare\r\nend\r\n", plain);
    }

    @Test
    void after_starttls_a_message_written_already_goes_through_tls_like_any_other(@TempDir Path keys) throws Exception {
        transport.close();
        smtp.startTls(SelfSignedTls.serverContext(keys));
        // Girard's settings for girard.smtp.security=starttls, and trust in the test's own certificate
        Properties p = new Properties();
        p.putAll(session.getProperties());
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", smtp.host());
        transport = new SmtpTransport(Session.getInstance(p), "", "", 1);
        String plain = "Subject: plain\r\n\r\nHello over TLS\r\n";

        assertThat(send(written(1, plain), "1")).isTrue();
        assertThat(send(message(2), "2")).isTrue();
        assertThat(send(written(3, plain), "3")).isTrue();
        transport.confirm();

        assertThat(verdicts).containsExactly("1: accepted", "2: accepted", "3: accepted");
        assertThat(smtp.received()).allSatisfy(r -> assertThat(r.overTls()).isTrue());
        List<String> texts = smtp.received().stream().map(FlakySmtpServer.Received::text).toList();
        assertThat(texts).hasSize(3);
        assertThat(texts.get(0)).isEqualTo(plain);
        assertThat(texts.get(1)).as("the message Jakarta Mail wrote itself").contains("Hello 2");
        assertThat(texts.get(2)).isEqualTo(plain);
        assertThat(smtp.connectionsOpened()).isEqualTo(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A message whose bytes are written already, to customer n, as {@link EmailChannel} hands them over. */
    private static Written written(int n, String content) throws MessagingException {
        return new Written(bytes(content), new InternetAddress("customer" + n + "@example.org"));
    }

    private static final class Written extends MimeMessage implements PipeliningSmtpTransport.Encoded {
        private final byte[] encoded;
        private final InternetAddress to;

        Written(byte[] encoded, InternetAddress to) {
            super(Session.getInstance(new Properties()));
            this.encoded = encoded;
            this.to = to;
        }

        @Override
        public byte[] transparentBytes() {
            return MimeWriter.transparent(encoded, 0, encoded.length) ? encoded : null;
        }

        @Override
        public jakarta.mail.Address[] getAllRecipients() {
            return new jakarta.mail.Address[] {to};
        }

        @Override
        public void writeTo(java.io.OutputStream out, String[] ignoreHeaders) throws java.io.IOException {
            out.write(encoded);
        }
    }

    private boolean send(MimeMessage message, String name) {
        try {
            return transport.send(message, refusal -> {
                verdicts.add(name + ": " + (refusal == null ? "accepted" : refusal.getMessage()));
                return Recorded.DONE;
            });
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }


    private static MimeMessage message(int n) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("shop@example.org"));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress("customer" + n + "@example.org"));
        message.setSubject("Card " + n);
        message.setText("Hello " + n + "\r\n.\r\nA line that is only a dot, stuffed.\r\n");
        return message;
    }
}
