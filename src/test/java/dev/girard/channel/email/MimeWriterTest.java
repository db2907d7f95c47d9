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

    @Test
    void only_bytes_the_smtp_data_stream_would_send_unchanged_count_as_transparent() {
        assertThat(transparent(ascii("a\r\nb\r\n"))).isTrue();
        assertThat(transparent(ascii("a. b\r\n\r\n"))).as("dots inside lines").isTrue();
        assertThat(transparent(ascii("a\r\n.b\r\n"))).as("a line starting with a dot").isFalse();
        assertThat(transparent(ascii(".a\r\n"))).as("the first line starting with a dot").isFalse();
        assertThat(transparent(ascii("a\nb\r\n"))).as("a bare LF").isFalse();
        assertThat(transparent(ascii("a\rb\r\n"))).as("a bare CR").isFalse();
        assertThat(transparent(ascii("a\r\nb"))).as("no line end at the end").isFalse();
        assertThat(transparent(ascii("a\r\n\r"))).as("a CR at the very end").isFalse();
    }

    @Test
    void a_message_goes_into_the_smtp_data_stream_as_it_is_even_with_a_field_value_that_breaks_a_line_before_a_dot()
            throws Exception {
        MimeWriter usual = new MimeWriter(false).raw("To", "a@example.org").text("Subject", "Hello. A card.");
        usual.alternative("=_girard_1", ".a text line starting with a dot", ".<p>and an HTML one</p>");
        assertThat(usual.transparent()).as("the parts are base64: no line of theirs starts with a dot").isTrue();

        // folding makes a line break in a value a continuation line, which starts with white space
        MimeWriter dotted = new MimeWriter(false).raw("To", "a@example.org").raw("X-Note", "one\r\n.two");
        byte[] bytes = dotted.alternative("=_girard_2", "text", "<p>html</p>");
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).contains("X-Note: one\r\n .two\r\n");
        assertThat(dotted.transparent()).isTrue();
        assertThat(transparent(bytes)).isTrue();
    }

    private static boolean transparent(byte[] bytes) {
        return MimeWriter.transparent(bytes, 0, bytes.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
