package dev.girard.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.customer.Customer;

/** Marketer-written templates cannot reach the server, and their mistakes are reported precisely. */
class TemplateSandboxTest {
    @TempDir
    Path dir;

    private final Sender sender = new Sender("Shop", "shop@example.com", "1 Road");

    private TemplateEngine engineWith(String name, String subject, String html, String text) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("email").resolve(name));
        Files.writeString(folder.resolve("subject.ftl"), subject);
        Files.writeString(folder.resolve("html.ftlh"), html);
        Files.writeString(folder.resolve("text.ftl"), text);
        return new TemplateEngine(dir);
    }

    private Map<String, Object> model(String firstName) {
        Customer customer = new Customer(7L, "X7", firstName, "Doe", "x@example.com", null, null, null, null, null, null,
                null, null, "en-GB", null, Map.of(), null, null);
        return MessageModel.of(customer, "Test", "2026-12", ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneId.of("UTC")),
                sender, "");
    }

    @Test
    void new_builtin_cannot_run_shell_commands() throws Exception {
        Path marker = dir.resolve("pwned");
        TemplateEngine engine = engineWith("evil", "Hi",
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"touch " + marker + "\")}", "x");
        assertThatThrownBy(() -> engine.renderEmail("evil", model("Ann")))
                .isInstanceOf(TemplateProblem.class).hasMessageContaining("email/evil/html.ftlh");
        assertThat(marker).doesNotExist();
    }

    @Test
    void api_builtin_is_refused() throws Exception {
        TemplateEngine engine = engineWith("api", "Hi", "${customer?api.getClass()}", "x");
        assertThatThrownBy(() -> engine.renderEmail("api", model("Ann"))).isInstanceOf(TemplateProblem.class);
    }

    @Test
    void customer_text_is_escaped_in_html_but_not_in_plain_text() throws Exception {
        TemplateEngine engine = engineWith("hello", "Hi ${customer.firstName}", "<p>Hi ${customer.firstName}</p>",
                "Hi ${customer.firstName}");
        RenderedEmail email = engine.renderEmail("hello", model("<script>alert(1)</script>"));
        assertThat(email.html()).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(email.text()).contains("<script>alert(1)</script>");
    }

    @Test
    void a_syntax_error_names_the_template_line_and_column() throws Exception {
        TemplateEngine engine = engineWith("broken", "Hi", "<p>Hello</p>\n<p>${customer.firstName</p>\n", "x");
        assertThatThrownBy(() -> engine.checkEmailTemplate("broken"))
                .isInstanceOf(TemplateProblem.class)
                .hasMessageContaining("email/broken/html.ftlh")
                .hasMessageContaining("line 2");
    }

    @Test
    void a_missing_field_at_render_time_names_the_field_and_the_line() throws Exception {
        TemplateEngine engine = engineWith("nick", "Hi", "<p>Hello</p>\n<p>${customer.nickname}</p>", "x");
        assertThatThrownBy(() -> engine.renderEmail("nick", model("Ann")))
                .isInstanceOf(TemplateProblem.class)
                .hasMessageContaining("email/nick/html.ftlh, line 2, column 6")
                .hasMessageContaining("customer.nickname is missing");
    }

    @Test
    void includes_cannot_leave_the_template_folder() throws Exception {
        Files.writeString(dir.getParent().resolve("secret.txt"), "top secret");
        TemplateEngine engine = engineWith("peek", "Hi", "<#include \"../../../secret.txt\">", "x");
        assertThatThrownBy(() -> engine.renderEmail("peek", model("Ann"))).isInstanceOf(TemplateProblem.class);
    }

    @Test
    void every_month_of_the_built_in_card_renders_in_both_languages() {
        TemplateEngine engine = new TemplateEngine(null);
        java.util.Set<String> subjects = new java.util.HashSet<>();
        for (String locale : new String[] {"en-GB", "zh-CN"}) {
            for (int month = 1; month <= 12; month++) {
                Customer customer = new Customer(1L, "C1", "芳", "王", "f@example.cn", null, null, null, null, null, null,
                        null, null, locale, null, Map.of(), null, null);
                var when = ZonedDateTime.of(2026, month, 1, 9, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
                RenderedEmail email = engine.renderEmail("monthly-card",
                        MessageModel.of(customer, "Card", "2026-" + month, when, sender, ""));
                assertThat(email.subject()).doesNotContain("\n").isNotBlank();
                assertThat(email.html()).contains("1 Road");
                assertThat(email.text()).contains("1 Road");
                subjects.add(email.subject());
            }
        }
        assertThat(subjects).as("a different greeting every month, in each language").hasSize(24);
    }
}
