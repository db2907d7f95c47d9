package dev.girard.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives {@link FlakySmtpServer} with real Jakarta Mail, the client Girard itself sends with. */
class FlakySmtpServerTest {
    private static final String SENDER = "news@girard.test";

    private FlakySmtpServer server;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        server = FlakySmtpServer.start();
        Properties properties = new Properties();
        properties.put("mail.smtp.host", server.host());
        properties.put("mail.smtp.port", String.valueOf(server.port()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        properties.put("mail.smtp.writetimeout", "5000");
        // Send UTF-8 text as raw 8bit bytes, so the server's byte handling is what is under test
        properties.put("mail.smtp.allow8bitmime", "true");
        session = Session.getInstance(properties);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void two_hundred_messages_over_one_connection_all_arrive_exactly_once_and_intact() throws Exception {
        Transport transport = connect();
        try {
            for (int i = 0; i < 200; i++) {
                send(transport, message(i));
            }
        } finally {
            transport.close();
        }

        assertThat(server.awaitReceived(200, Duration.ofSeconds(5))).isTrue();
        assertThat(server.receivedCount()).isEqualTo(200);
        assertThat(server.connectionsOpened()).isEqualTo(1);
        Map<String, Integer> counts = server.countByRecipient();
        assertThat(counts).hasSize(200).allSatisfy((address, count) -> assertThat(count).as(address).isEqualTo(1));

        List<FlakySmtpServer.Received> received = server.received();
        for (int i = 0; i < 200; i++) {
            FlakySmtpServer.Received message = received.get(i);
            assertThat(message.envelopeFrom()).isEqualTo(SENDER);
            assertThat(message.recipients()).containsExactly(recipient(i));
            assertThat(message.text()).contains(body(i));
            assertThat(parse(message).getContent()).isEqualTo(body(i));
        }
    }

    @Test
    void a_temporary_failure_closes_the_connection_and_a_new_connection_gets_through_afterwards() throws Exception {
        server.tempFailFirst(3);

        for (int attempt = 0; attempt < 3; attempt++) {
            Transport transport = connect();
            MimeMessage message = message(attempt);
            Throwable thrown = catchThrowable(() -> send(transport, message));
            // Angus reports a failed MAIL FROM as SMTPSendFailedException carrying the server's code and text
            assertThat(thrown).isInstanceOf(SMTPSendFailedException.class).hasMessageContaining("421 4.3.2");
            assertThat(((SMTPSendFailedException) thrown).getReturnCode()).isEqualTo(421);
            closeQuietly(transport);
        }

        Transport transport = connect();
        try {
            send(transport, message(3));
        } finally {
            transport.close();
        }
        assertThat(server.tempFailuresSent()).isEqualTo(3);
        assertThat(server.connectionsOpened()).isEqualTo(4);
        assertThat(server.received()).extracting(FlakySmtpServer.Received::recipients)
                .containsExactly(List.of(recipient(3)));
    }

    @Test
    void a_message_dropped_before_its_final_reply_fails_the_send_and_is_not_recorded() throws Exception {
        server.dropEvery(5);

        Transport transport = connect();
        for (int i = 0; i < 4; i++) {
            send(transport, message(i));
        }
        Throwable thrown = catchThrowable(() -> send(transport, message(4)));
        // Angus wraps the reset ("Exception reading response"); no SMTP code, so the outcome is unknown to it
        assertThat(thrown).isInstanceOf(MessagingException.class).hasRootCauseInstanceOf(IOException.class);
        closeQuietly(transport);

        Transport again = connect();
        try {
            send(again, message(5));
        } finally {
            again.close();
        }
        assertThat(server.dropsDone()).isEqualTo(1);
        assertThat(server.connectionsOpened()).isEqualTo(2);
        assertThat(server.countByRecipient()).doesNotContainKey(recipient(4))
                .containsOnlyKeys(recipient(0), recipient(1), recipient(2), recipient(3), recipient(5));
    }

    @Test
    void a_rejected_recipient_fails_with_550_and_the_connection_stays_usable() throws Exception {
        server.rejectRecipients(address -> address.startsWith("bad"));

        Transport transport = connect();
        try {
            Throwable thrown = catchThrowable(() -> send(transport, message("bad@example.com", "nobody home")));
            assertThat(thrown).isInstanceOf(SendFailedException.class);
            assertThat(chain(thrown)).filteredOn(SMTPAddressFailedException.class::isInstance)
                    .singleElement()
                    .satisfies(e -> assertThat(((SMTPAddressFailedException) e).getReturnCode()).isEqualTo(550));

            send(transport, message("good@example.com", "welcome"));
        } finally {
            transport.close();
        }
        assertThat(server.recipientsRejected()).isEqualTo(1);
        assertThat(server.connectionsOpened()).isEqualTo(1);
        assertThat(server.received()).singleElement()
                .satisfies(m -> assertThat(m.recipients()).containsExactly("good@example.com"));
    }


    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect();
        return transport;
    }

    private static void send(Transport transport, MimeMessage message) throws MessagingException {
        transport.sendMessage(message, message.getAllRecipients());
    }

    private MimeMessage message(int i) throws MessagingException {
        return message(recipient(i), body(i));
    }

    private MimeMessage message(String to, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject("月卡提醒", "UTF-8");
        message.setText(body, "UTF-8");
        message.saveChanges();
        return message;
    }

    private static String recipient(int i) {
        return "customer" + i + "@example.com";
    }

    /**
     * Chinese text, and lines starting with a dot, which the client dot-stuffs and the server must unstuff. It
     * ends with a line break because SMTP data always does: a client adds one before the final "." otherwise.
     */
    private static String body(int i) {
        return "尊敬的客户 " + i + "，您的月卡将于本月底到期。\r\n.leading dot\r\n.\r\n..\r\n谢谢！\r\n";
    }

    private MimeMessage parse(FlakySmtpServer.Received message) throws MessagingException {
        return new MimeMessage(session, new ByteArrayInputStream(message.data()));
    }

    /** The exception and everything it wraps; MessagingException.getCause() returns its next exception. */
    private static List<Throwable> chain(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // the server already closed the connection
        }
    }
}
