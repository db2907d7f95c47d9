package dev.girard.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.customer.Customer;
import dev.girard.support.AdminClient;
import dev.girard.support.TestApps;

/** The admin page's defences, over real HTTP against a running server. */
class AdminSecurityTest {
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final String PASSWORD = "a long password 1";

    @TempDir
    static Path dir;

    private static App app;
    private static String base;
    private static long xssCustomer;
    private static long xssCampaign;

    @BeforeAll
    static void start() {
        app = TestApps.serve(TestApps.config(dir, Map.of()));
        base = "http://127.0.0.1:" + app.port();
        TestApps.addUsers(app, PASSWORD, new String[][] {{"anna", "admin"}, {"mark", "marketer"}, {"vera", "viewer"},
            {"tess", "marketer"}, {"walt", "marketer"}});
        xssCustomer = app.customerStore.create(new Customer(null, "X1", SCRIPT, SCRIPT, "x1@example.com", null, SCRIPT,
                null, SCRIPT, null, null, null, null, "en-GB", null, Map.of("note", SCRIPT), null, null)).id();
        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("name", SCRIPT);
        campaign.put("segment", "everyone-with-email");
        campaign.put("template", "birthday");
        campaign.put("cron", "0 0 9 1 * ?");
        campaign.put("status", "active");
        xssCampaign = app.campaigns.create(campaign).id();
        app.audit.record("anna", "create", "campaign", xssCampaign, null, Map.of("name", SCRIPT));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static AdminClient signedIn(String name) {
        return AdminClient.signedIn(base, name, PASSWORD);
    }

    private static Map<String, String> newCampaign(String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("segment", "everyone-with-email");
        form.put("channel", "email");
        form.put("template", "monthly-card");
        form.put("schedule", "monthly");
        form.put("day", "1");
        form.put("time", "09:00");
        form.put("timeZone", "Asia/Shanghai");
        form.put("holdoutPercent", "10");
        form.put("validDays", "7");
        return form;
    }

    @Test
    void a_post_without_the_csrf_token_is_refused_and_changes_nothing() {
        AdminClient mark = signedIn("mark");
        int before = app.campaigns.list().size();
        int runsBefore = app.runs.list(xssCampaign, 100).size();

        AdminClient.Page none = mark.post("/admin/campaigns", newCampaign("No token"));
        Map<String, String> wrong = new LinkedHashMap<>(newCampaign("Wrong token"));
        wrong.put("_csrf", "not-the-token");
        AdminClient.Page forged = mark.post("/admin/campaigns", wrong);
        AdminClient.Page runNow = mark.post("/admin/campaigns/" + xssCampaign + "/run", Map.of());

        assertThat(List.of(none.status(), forged.status(), runNow.status())).containsOnly(403);
        assertThat(none.body()).contains("did not come from Girard");
        assertThat(app.campaigns.list()).hasSize(before);
        assertThat(app.runs.list(xssCampaign, 100)).hasSize(runsBefore);

        AdminClient.Page ok = mark.submit("/admin/campaigns/new", "/admin/campaigns", newCampaign("With token"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(303);
        assertThat(app.campaigns.list()).hasSize(before + 1);
    }

    @Test
    void a_viewer_reads_every_page_but_cannot_change_anything() {
        AdminClient vera = signedIn("vera");
        for (String page : List.of("/admin/", "/admin/campaigns", "/admin/campaigns/" + xssCampaign, "/admin/runs",
                "/admin/templates", "/admin/templates/email/birthday", "/admin/customers", "/admin/reports", "/admin/audit")) {
            assertThat(vera.get(page).status()).as(page).isEqualTo(200);
        }
        assertThat(vera.get("/admin/campaigns").body()).doesNotContain("id=\"new-campaign\"");
        String token = vera.get("/admin/campaigns").csrf();
        Map<String, String> form = new LinkedHashMap<>(newCampaign("By a viewer"));
        form.put("_csrf", token);
        int before = app.campaigns.list().size();
        AdminClient.Page create = vera.post("/admin/campaigns", form);
        AdminClient.Page run = vera.post("/admin/campaigns/" + xssCampaign + "/run", Map.of("_csrf", token));
        AdminClient.Page template = vera.post("/admin/templates/email/birthday",
                Map.of("_csrf", token, "version", "0", "file:subject.ftl", "Hacked"));

        assertThat(List.of(create.status(), run.status(), template.status())).containsOnly(403);
        assertThat(create.body()).contains("vera is a viewer and may only read");
        assertThat(app.campaigns.list()).hasSize(before);
        assertThat(app.storedTemplates.currentVersion("email", "birthday")).isZero();
        assertThat(vera.get("/admin/users").status()).isEqualTo(403);
        assertThat(signedIn("mark").get("/admin/users").status()).as("a marketer does not manage users").isEqualTo(403);
    }

    @Test
    void without_a_session_pages_send_you_to_sign_in_and_posts_are_refused() {
        AdminClient stranger = new AdminClient(base);
        AdminClient.Page page = stranger.get("/admin/campaigns");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).isEqualTo("/admin/login?next=%2Fadmin%2Fcampaigns");
        assertThat(stranger.post("/admin/campaigns", newCampaign("x")).status()).isEqualTo(401);
        assertThat(stranger.get("/").header("Location")).isEqualTo("/admin/");
    }

    @Test
    void the_session_cookie_is_http_only_same_site_and_ends_at_sign_out() {
        AdminClient mark = new AdminClient(base);
        AdminClient.Page signIn = mark.signIn("mark", PASSWORD);
        String cookie = signIn.all("Set-Cookie").stream().filter(c -> c.startsWith("girard_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");
        assertThat(signIn.header("Location")).isEqualTo("/admin/");
        assertThat(mark.get("/admin/campaigns").status()).isEqualTo(200);

        AdminClient.Page out = mark.submit("/admin/campaigns", "/admin/logout", Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(mark.get("/admin/campaigns").status()).as("signed out").isEqualTo(302);
    }

    @Test
    void a_customer_or_campaign_named_script_shows_as_text_everywhere() {
        app.database.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO runs (campaign_id, occurrence_key, trigger_type, status, fire_time, started_at, planned, audience)
                VALUES (:c, '2026-11', 'manual', 'finished', 0, 0, 1, 1)""").bind("c", xssCampaign).execute());
        long runId = app.runs.list(xssCampaign, 1).get(0).id();
        app.database.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO deliveries (run_id, campaign_id, customer_id, occurrence_key, channel, status, attempts,
                    created_at, updated_at, last_error)
                VALUES (:r, :c, :cu, '2026-11', 'email', 'failed', 1, 0, 0, :err)""")
                .bind("r", runId).bind("c", xssCampaign).bind("cu", xssCustomer).bind("err", SCRIPT).execute());
        AdminClient anna = signedIn("anna");
        List<String> pages = List.of("/admin/", "/admin/customers", "/admin/customers?q=" + URLEncoder.encode(SCRIPT, StandardCharsets.UTF_8),
                "/admin/customers/" + xssCustomer, "/admin/campaigns", "/admin/campaigns/" + xssCampaign,
                "/admin/campaigns/" + xssCampaign + "/edit", "/admin/campaigns/audience?segment=everyone-with-email",
                "/admin/runs", "/admin/runs/" + runId, "/admin/runs/" + runId + "/progress", "/admin/reports",
                "/admin/reports/" + xssCampaign, "/admin/audit");
        for (String path : pages) {
            AdminClient.Page page = anna.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain(SCRIPT).doesNotContainIgnoringCase("<script>alert");
            assertThat(page.body()).as(path).containsAnyOf(ESCAPED, "&lt;script&gt;alert(1)&lt;\\/script&gt;",
                    "\\u003Cscript\\u003E", "&quot;&lt;script&gt;");
        }
        String token = anna.get("/admin/templates/email/birthday").csrf();
        AdminClient.Page preview = anna.post("/admin/templates/email/birthday/preview",
                Map.of("_csrf", token, "customer", String.valueOf(xssCustomer), "file:subject.ftl", "Hi ${customer.firstName}"));
        assertThat(preview.body()).doesNotContain(SCRIPT).contains("Hi " + ESCAPED);
        // the HTML part sits in a sandboxed srcdoc: escaped by the template, then again as an attribute
        assertThat(preview.body()).contains("sandbox=\"\"").contains("&amp;lt;script&amp;gt;");
        AdminClient.Page csv = anna.get("/admin/reports/" + xssCampaign + "/csv");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
    }

    @Test
    void the_eleventh_failed_sign_in_in_a_minute_gets_429_and_others_can_still_sign_in() throws IOException {
        // the attacker comes from 127.0.0.5, so the other tests' address is not held back
        for (int i = 1; i <= 10; i++) {
            assertThat(status(signInFrom("127.0.0.5", "tess", "wrong password " + i))).as("failed sign-in %d", i).isEqualTo(401);
        }
        String[] eleventh = signInFrom("127.0.0.5", "tess", "wrong password 11");
        assertThat(status(eleventh)).isEqualTo(429);
        assertThat(eleventh[0]).containsPattern("Retry-After: [1-9][0-9]*");
        assertThat(eleventh[1]).contains("Too many failed sign-ins");
        assertThat(status(signInFrom("127.0.0.5", "tess", PASSWORD))).as("even the right password waits").isEqualTo(429);

        // another person, from another address, is not locked out
        assertThat(status(signInFrom("127.0.0.2", "walt", PASSWORD))).isEqualTo(303);
        // the attacked account waits, wherever the next try comes from
        assertThat(status(signInFrom("127.0.0.3", "tess", PASSWORD))).isEqualTo(429);
    }

    @Test
    void stored_password_hashes_are_argon2id() {
        List<String> hashes = app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT password_hash FROM users WHERE password_hash IS NOT NULL").mapTo(String.class).list());
        assertThat(hashes).hasSizeGreaterThanOrEqualTo(5).allSatisfy(hash -> assertThat(hash).startsWith("$argon2id$"));
        assertThat(hashes).doesNotContain(PASSWORD).doesNotHaveDuplicates();
    }

    @Test
    void pages_carry_a_content_security_policy_that_allows_no_inline_script() {
        AdminClient.Page page = signedIn("anna").get("/admin/campaigns");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-eval")
                .doesNotContain("script-src 'self' 'unsafe-inline'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("onclick=");
    }

    private static int status(String[] response) {
        return Integer.parseInt(response[0].split(" ")[1]);
    }

    /** Signs in over a socket bound to another loopback address; returns the response head and body. */
    private static String[] signInFrom(String localAddress, String name, String password) throws IOException {
        String[] login = raw(localAddress, "GET /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Matcher cookie = Pattern.compile("Set-Cookie: (girard_login=[^;]+)").matcher(login[0]);
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login[1]);
        assertThat(cookie.find() && token.find()).isTrue();
        String body = "_csrf=" + token.group(1) + "&name=" + name + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return raw(localAddress, "POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Cookie: " + cookie.group(1) + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static String[] raw(String localAddress, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            return new String[] {response.substring(0, split), response.substring(split + 4)};
        }
    }
}
