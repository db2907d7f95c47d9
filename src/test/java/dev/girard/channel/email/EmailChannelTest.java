package dev.girard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.girard.App;
import dev.girard.customer.Consent;
import dev.girard.customer.Customer;
import dev.girard.delivery.Run;
import dev.girard.support.DkimVerifier;
import dev.girard.support.FlakySmtpServer;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;
import jakarta.mail.internet.MimeMessage;

/** E-mail as a receiving server sees it: signed, with one-click unsubscribe, and the link doing what it says. */
class EmailChannelTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static KeyPair dkimKeys;

    @TempDir
    Path dir;

    private App app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void makeKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        dkimKeys = generator.generateKeyPair();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private App start() throws Exception {
        Path key = dir.resolve("dkim.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(dkimKeys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Map<String, String> settings = new HashMap<>();
        settings.put("girard.dkim.key", key.toString());
        settings.put("girard.mail.from", "cards@shop.example");
        settings.put("girard.mail.from.name", "Harbour Tea");
        settings.put("girard.mail.reply.to", "help@shop.example");
        settings.put("girard.business.name", "Harbour Tea");
        settings.put("girard.business.address", "8 Harbour Road, Shanghai 200001");
        settings.put("girard.base.url", "https://cards.shop.example");
        app = TestApps.serve(TestApps.smtpConfig(dir, SMTP.getSmtp().getPort(), settings));
        return app;
    }

    private long customer(String externalId, String email, String locale) {
        return app.customerStore.create(new Customer(null, externalId, "Anna", "Lee", email, null, null, null, null, null,
                null, null, null, locale, null, Map.of(), null, null)).id();
    }

    private long campaign() {
        return app.campaigns.create(new HashMap<>(Map.of("name", "Monthly card", "segment", "everyone-with-email",
                "template", "monthly-card", "cron", "0 0 9 1 * ?", "timeZone", "Asia/Shanghai"))).id();
    }

    private Run run(long campaignId, Instant fireTime) {
        long runId = app.runner.runScheduled(campaignId, fireTime, "schedule").id();
        return Waiting.until("the run to finish", Duration.ofSeconds(30), () -> app.runs.get(runId),
                r -> r.status().equals("finished"));
    }

    private static byte[] raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static MimeMessage receivedBy(String address) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).reduce((first, second) -> second).orElseThrow(() -> new AssertionError("nothing received for " + address));
    }

    /** The path of the link in List-Unsubscribe, to be asked of this server. */
    private String unsubscribePath(MimeMessage message) throws Exception {
        String header = message.getHeader("List-Unsubscribe", null);
        assertThat(header).startsWith("<https://cards.shop.example/u/").endsWith(">");
        return header.substring("<https://cards.shop.example".length(), header.length() - 1);
    }

    private HttpResponse<String> get(String path, String language) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Accept-Language", language).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a mail program sends for its unsubscribe button (RFC 8058). */
    private HttpResponse<String> oneClick(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_card_arrives_with_a_valid_dkim_signature_over_both_unsubscribe_headers() throws Exception {
        start();
        customer("C1", "anna@example.org", "en-GB");
        long campaignId = campaign();

        assertThat(run(campaignId, Instant.parse("2026-12-01T01:00:00Z")).sent()).isEqualTo(1);

        MimeMessage message = receivedBy("anna@example.org");
        assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(message.getHeader("From", null)).isEqualTo("Harbour Tea <cards@shop.example>");
        assertThat(message.getHeader("Reply-To", null)).isEqualTo("help@shop.example");
        assertThat(message.getMessageID()).matches("<girard\\." + campaignId + "\\.\\d+@shop\\.example>");
        byte[] raw = raw(message);
        DkimVerifier.Verified verified = DkimVerifier.verify(raw, dkimKeys.getPublic());
        assertThat(verified.tags()).containsEntry("d", "shop.example").containsEntry("s", "girard")
                .containsEntry("c", "relaxed/relaxed");
        assertThat(verified.signedHeaders()).map(String::toLowerCase).contains("from", "to", "subject", "date",
                "message-id", "reply-to", "list-unsubscribe", "list-unsubscribe-post");

        String text = new String(raw, StandardCharsets.UTF_8);
        byte[] otherLink = text.replace("/u/", "/u/9").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DkimVerifier.verify(otherLink, dkimKeys.getPublic()))
                .as("a changed List-Unsubscribe link breaks the signature").hasMessageContaining("does not match");
        String plain = com.icegreen.greenmail.util.GreenMailUtil.getBody(message);
        assertThat(new String(Base64.getMimeDecoder().decode(textPart(plain)), StandardCharsets.UTF_8))
                .contains("8 Harbour Road, Shanghai 200001")
                .contains("Unsubscribe: https://cards.shop.example" + unsubscribePath(message));
    }

    /** The base64 body of the text/plain part of a multipart/alternative body. */
    private static String textPart(String multipartBody) {
        int start = multipartBody.indexOf("text/plain");
        int body = multipartBody.indexOf("\r\n\r\n", start) + 4;
        return multipartBody.substring(body, multipartBody.indexOf("\r\n--", body));
    }

    @Test
    void the_one_click_post_unsubscribes_a_get_does_not_and_the_next_run_skips_them() throws Exception {
        start();
        long anna = customer("C1", "anna@example.org", "en-GB");
        long wang = customer("C2", "wang@example.cn", "zh-CN");
        long campaignId = campaign();
        run(campaignId, Instant.parse("2026-11-01T01:00:00Z"));
        String annaLink = unsubscribePath(receivedBy("anna@example.org"));
        String wangLink = unsubscribePath(receivedBy("wang@example.cn"));

        HttpResponse<String> page = get(annaLink, "en");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">").contains("Unsubscribe").contains("Harbour Tea")
                .contains("a•••@example.org");
        HttpResponse<String> chinese = get(wangLink, "en");
        assertThat(chinese.body()).as("the customer's language, not the browser's").contains("确认退订");
        assertThat(app.suppressions.list(10, 0)).as("opening the page changes nothing").isEmpty();
        assertThat(app.consents.history(anna)).isEmpty();

        HttpResponse<String> done = oneClick(annaLink);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("You are unsubscribed");
        assertThat(oneClick(annaLink).statusCode()).as("a second click").isEqualTo(200);

        assertThat(app.suppressions.reason("email", "anna@example.org")).hasValueSatisfying(reason ->
                assertThat(reason).contains("unsubscribed with the link").contains("Monthly card"));
        List<Consent> history = app.consents.history(anna);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).granted()).isFalse();
        assertThat(history.get(0).channel()).isEqualTo("email");
        assertThat(history.get(0).source()).isEqualTo("unsubscribe link");
        assertThat(get(annaLink, "en").body()).as("the page now says so").contains("You are unsubscribed");

        Run december = run(campaignId, Instant.parse("2026-12-01T01:00:00Z"));
        assertThat(december.sent()).isEqualTo(1);
        assertThat(december.suppressed()).isEqualTo(1);
        assertThat(SMTP.getReceivedMessages()).hasSize(3);
        assertThat(receivedBy("wang@example.cn").getSubject()).isNotBlank();
        assertThat(app.consents.history(wang)).isEmpty();
    }

    @Test
    void a_tampered_or_malformed_link_is_refused_with_a_page_and_changes_nothing() throws Exception {
        start();
        customer("C1", "anna@example.org", "en-GB");
        long other = customer("C2", "bob@example.org", "en-GB");
        run(campaign(), Instant.parse("2026-11-01T01:00:00Z"));
        String link = unsubscribePath(receivedBy("anna@example.org"));
        String signature = link.substring(link.lastIndexOf('.') + 1);
        String campaignPart = link.substring(link.indexOf('.'), link.lastIndexOf('.') + 1);

        String otherCustomer = "/u/" + other + campaignPart + signature;
        String changedSignature = link.substring(0, link.length() - 1) + (link.endsWith("A") ? "B" : "A");
        for (String tampered : List.of(otherCustomer, changedSignature, "/u/1.1", "/u/abc", "/u/1.1.%3Cscript%3E")) {
            HttpResponse<String> response = oneClick(tampered);
            assertThat(response.statusCode()).as(tampered).isEqualTo(400);
            assertThat(response.body()).as(tampered).contains("This unsubscribe link is not valid");
            assertThat(get(tampered, "en").statusCode()).as(tampered).isEqualTo(400);
        }
        assertThat(get(changedSignature, "zh-CN,zh;q=0.9").body()).contains("退订链接无效");
        assertThat(app.suppressions.list(10, 0)).isEmpty();
        assertThat(app.consents.history(other)).isEmpty();
    }

    @Test
    void an_address_with_a_chinese_local_part_and_domain_goes_out_over_smtputf8_signed() throws Exception {
        start();
        customer("C1", "王芳@例子.中国", "zh-CN");

        Run run = run(campaign(), Instant.parse("2026-11-01T01:00:00Z"));

        assertThat(run.sent()).as(String.valueOf(run)).isEqualTo(1);
        MimeMessage message = SMTP.getReceivedMessages()[0];
        assertThat(message.getAllRecipients()[0].toString()).contains("王芳@xn--fsqu00a.xn--fiqs8s");
        DkimVerifier.verify(raw(message), dkimKeys.getPublic());
    }

    @Test
    void without_smtputf8_a_chinese_local_part_fails_at_once_with_the_reason_and_an_idn_domain_goes_as_punycode()
            throws Exception {
        try (FlakySmtpServer plain = FlakySmtpServer.start()) {
            app = TestApps.serve(TestApps.smtpConfig(dir, plain.port(), Map.of()));
            long wang = customer("C1", "王芳@例子.中国", "zh-CN");
            customer("C2", "anna@例子.中国", "en-GB");

            Run run = run(campaign(), Instant.parse("2026-11-01T01:00:00Z"));

            assertThat(run.sent()).isEqualTo(1);
            assertThat(run.failed()).isEqualTo(1);
            assertThat(plain.countByRecipient()).containsOnlyKeys("anna@xn--fsqu00a.xn--fiqs8s");
            Map<String, Object> row = app.database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT status, attempts, last_error FROM deliveries WHERE customer_id = :id").bind("id", wang)
                    .mapToMap().one());
            assertThat(row.get("status")).isEqualTo("failed");
            assertThat(((Number) row.get("attempts")).intValue()).as("not retried").isEqualTo(1);
            assertThat(row.get("last_error").toString()).contains("王芳@xn--fsqu00a.xn--fiqs8s")
                    .contains("non-ASCII local part").contains("does not offer SMTPUTF8");
            assertThat(app.suppressions.list(10, 0)).as("the address is not to blame").isEmpty();
        }
    }
}
