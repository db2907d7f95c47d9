package dev.girard.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.customer.Customer;
import dev.girard.support.AdminClient;
import dev.girard.support.Api;
import dev.girard.support.TestApps;

/** What marketers do on the admin page, over HTTP against a running server. */
class AdminPagesTest {
    private static final String PASSWORD = "a long password 2";

    @TempDir
    static Path dir;

    private static App app;
    private static String base;

    @BeforeAll
    static void start() {
        app = TestApps.serve(TestApps.config(dir, Map.of()));
        base = "http://127.0.0.1:" + app.port();
        TestApps.addUsers(app, PASSWORD, new String[] {"mia", "marketer"}, new String[] {"max", "marketer"});
        app.customerStore.create(new Customer(null, "C1", "Lin", "Wang", "lin@example.com", "+8613800138000", null, null,
                "上海", null, null, "CN", null, "en-GB", "Asia/Shanghai", Map.of(), null, null));
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

    private static long campaign(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("segment", "everyone-with-email");
        body.put("template", "monthly-card");
        body.put("cron", "0 0 9 1 * ?");
        return app.campaigns.create(body).id();
    }

    private static Map<String, String> form(String name, String version, String csrf) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_csrf", csrf);
        form.put("name", name);
        form.put("segment", "everyone-with-email");
        form.put("channel", "email");
        form.put("template", "monthly-card");
        form.put("schedule", "monthly");
        form.put("day", "1");
        form.put("time", "09:00");
        form.put("timeZone", "Asia/Shanghai");
        form.put("holdoutPercent", "0");
        form.put("validDays", "7");
        form.put("version", version);
        return form;
    }

    @Test
    void two_people_editing_one_campaign_get_a_clear_conflict_not_a_lost_edit() {
        long id = campaign("Spring card");
        AdminClient mia = signedIn("mia");
        AdminClient max = signedIn("max");
        String miaToken = mia.get("/admin/campaigns/" + id + "/edit").csrf();
        String maxToken = max.get("/admin/campaigns/" + id + "/edit").csrf();

        assertThat(mia.post("/admin/campaigns/" + id, form("Spring card (Mia)", "1", miaToken)).status()).isEqualTo(303);
        AdminClient.Page conflict = max.post("/admin/campaigns/" + id, form("Spring card (Max)", "1", maxToken));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).contains("Someone else saved this campaign").contains("Spring card (Mia)")
                .contains("value=\"Spring card (Max)\"");
        assertThat(app.campaigns.get(id).name()).isEqualTo("Spring card (Mia)");
        assertThat(app.audit.recent("campaign", 10, 0)).anySatisfy(e -> {
            assertThat(e.user()).isEqualTo("mia");
            assertThat(e.before()).contains("\"Spring card\"");
            assertThat(e.after()).contains("Spring card (Mia)");
        });
    }

    @Test
    void a_template_with_an_error_is_not_saved_and_the_page_names_line_and_column() {
        AdminClient mia = signedIn("mia");
        String token = mia.get("/admin/templates/email/birthday").csrf();
        AdminClient.Page refused = mia.post("/admin/templates/email/birthday",
                Map.of("_csrf", token, "version", "0", "file:subject.ftl", "Hello\n${customer.firstName"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("email/birthday/subject.ftl, line 2, column");
        assertThat(app.storedTemplates.currentVersion("email", "birthday")).isZero();
    }

    @Test
    void template_versions_show_a_diff_and_an_old_version_can_be_restored() {
        AdminClient mia = signedIn("mia");
        String token = mia.get("/admin/templates").csrf();
        assertThat(mia.post("/admin/templates", Map.of("_csrf", token, "name", "autumn", "from", "email/birthday")).status())
                .isEqualTo(303);
        Map<String, String> files = new LinkedHashMap<>(app.templates.templateFiles("email", "autumn"));
        Map<String, String> form = new LinkedHashMap<>();
        files.forEach((file, source) -> form.put("file:" + file, source));
        form.put("file:subject.ftl", "Autumn greetings, ${customer.firstName}");
        form.put("version", "1");
        form.put("_csrf", token);
        assertThat(mia.post("/admin/templates/email/autumn", form).status()).isEqualTo(303);

        AdminClient.Page history = mia.get("/admin/templates/email/autumn/versions");
        assertThat(history.body()).contains("Changes in version 2").contains("<span class=\"d-added\">+ Autumn greetings, ${customer.firstName}</span>");

        assertThat(mia.post("/admin/templates/email/autumn/restore", Map.of("_csrf", token, "restore", "1")).status())
                .isEqualTo(303);
        assertThat(app.storedTemplates.currentVersion("email", "autumn")).isEqualTo(3);
        assertThat(app.storedTemplates.current("email", "autumn").orElseThrow())
                .isEqualTo(app.storedTemplates.version("email", "autumn", 1));
        assertThat(app.storedTemplates.versions("email", "autumn").get(0).note()).isEqualTo("restored version 1");
    }

    @Test
    void an_sms_template_previews_with_its_encoding_segments_and_cost() {
        AdminClient mia = signedIn("mia");
        AdminClient.Page editor = mia.get("/admin/templates/sms/birthday");
        assertThat(editor.status()).isEqualTo(200);
        AdminClient.Page preview = mia.post("/admin/templates/sms/birthday/preview",
                Map.of("_csrf", editor.csrf(), "file:text.ftl", "Hi ${customer.firstName}, happy birthday!"));
        assertThat(preview.body()).contains("Hi Lin, happy birthday!").contains("GSM_7").contains("1 segment");
    }

    @Test
    void campaign_changes_through_the_api_are_in_the_audit_log_with_who_made_them() {
        String token = app.users.addUserWithToken("shop-script", "marketer", "test");
        long id = campaign("API card");
        Api api = new Api(base, token);
        Api.Response updated = api.put("/api/campaigns/" + id, """
                {"name": "API card v2", "segment": "everyone-with-email", "template": "monthly-card",
                 "cron": "0 0 9 2 * ?", "version": 1}""");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        AdminClient.Page audit = signedIn("max").get("/admin/audit?type=campaign");
        assertThat(audit.body()).contains("shop-script (API)").contains("API card v2");
    }

    @Test
    void the_page_speaks_chinese_to_a_chinese_browser() {
        AdminClient client = new AdminClient(base);
        AdminClient.Page login = client.getWithLanguage("/admin/login", "zh-CN,zh;q=0.9,en;q=0.5");
        assertThat(login.body()).contains("登录 Girard").contains("<html lang=\"zh-CN\">");
        assertThat(client.getWithLanguage("/admin/login", "en-GB").body()).contains("Sign in to Girard");
    }
}
