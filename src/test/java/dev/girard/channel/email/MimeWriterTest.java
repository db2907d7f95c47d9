package dev.girard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

class MimeWriterTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void a_mail_program_reads_back_every_field_and_both_parts() throws Exception {
        String subject = "王芳，十二月的卡片 — a card for December with a subject long enough to be folded over two lines";
        String to = new InternetAddress("fang.wang@example.org", "王芳", "UTF-8").toString();
        byte[] bytes = new MimeWriter(false)
                .raw("From", new InternetAddress("hello@example.com", "Girard Demo Shop", "UTF-8").toString())
                .raw("To", to)
                .raw("Message-ID", "<girard.1.2@example.com>")
                .text("Subject", subject)
                .alternative("=_girard_2", "你好 text\r\nline two", "<p>你好 <b>html</b></p>");

        String wire = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(wire.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(wire).doesNotContain("王").as("headers are 7-bit without SMTPUTF8");

        MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
        assertThat(parsed.getSubject()).isEqualTo(subject);
        assertThat(((InternetAddress) parsed.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal()).isEqualTo("王芳");
        assertThat(((InternetAddress) parsed.getFrom()[0]).getAddress()).isEqualTo("hello@example.com");
        assertThat(parsed.getMessageID()).isEqualTo("<girard.1.2@example.com>");
        MimeMultipart body = (MimeMultipart) parsed.getContent();
        assertThat(body.getContentType()).startsWith("multipart/alternative");
        assertThat(body.getCount()).isEqualTo(2);
        assertThat(body.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(body.getBodyPart(0).getContent()).isEqualTo("你好 text\r\nline two");
        assertThat(body.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(body.getBodyPart(1).getContent()).isEqualTo("<p>你好 <b>html</b></p>");
    }

    @Test
    void with_smtputf8_the_fields_are_utf8_as_they_are() throws Exception {
        byte[] bytes = new MimeWriter(true).raw("To", "王芳 <芳@例子.中国>").text("Subject", "十二月的卡片")
                .alternative("=_b", "t", "<p>h</p>");
        String wire = new String(bytes, StandardCharsets.UTF_8);
        assertThat(wire).contains("To: 王芳 <芳@例子.中国>\r\n").contains("Subject: 十二月的卡片\r\n");
    }

    @Test
    void a_line_break_in_a_name_cannot_start_a_field_of_its_own() throws Exception {
        for (boolean utf8 : new boolean[] {false, true}) {
            byte[] bytes = new MimeWriter(utf8).raw("To", "\"Eve\r\nBcc: spy@example.net\" <eve@example.org>")
                    .raw("Message-ID", "<girard.1.3@example.com>")
                    .alternative("=_c", "t", "<p>h</p>");

            MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
            assertThat(parsed.getHeader("Bcc")).as("utf8 %s", utf8).isNull();
            assertThat(parsed.getHeader("To")[0]).as("utf8 %s", utf8).contains("spy@example.net").contains("eve@example.org");
            assertThat(parsed.getMessageID()).isEqualTo("<girard.1.3@example.com>");
        }
    }
}
