package dev.girard.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.core.ConflictException;
import dev.girard.customer.Customer;
import dev.girard.support.TestApps;

/** Templates edited in the admin page live in the database, in front of the built-ins, inside the sandbox. */
class StoredTemplatesTest {
    @TempDir
    Path dir;

    private App app;

    @BeforeEach
    void open() {
        app = App.open(TestApps.config(dir, Map.of()), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        app.close();
    }

    private static Map<String, Object> model() {
        Customer customer = new Customer(7L, "X7", "Ann", "Lee", "ann@example.com", null, null, null, null, null, null,
                null, null, "en-GB", null, Map.of(), null, null);
        return MessageModel.of(customer, "Test", "2026-12", ZonedDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneId.of("UTC")),
                new Sender("Shop", "shop@example.com", "1 Road"), "");
    }

    private Map<String, String> birthdayWith(String subject) {
        Map<String, String> files = new LinkedHashMap<>(app.templates.emailTemplateFiles("birthday"));
        files.put("subject.ftl", subject);
        return files;
    }

    @Test
    void the_editor_starts_from_every_file_of_the_built_in_template_parts_first() {
        Map<String, String> files = app.templates.emailTemplateFiles("monthly-card");
        assertThat(files.keySet()).startsWith("subject.ftl", "html.ftlh", "text.ftl").contains("01.ftl", "12.ftl");
        assertThat(files.get("html.ftlh")).contains("<#include month?string(\"00\") + \".ftl\">");
    }

    @Test
    void a_saved_version_replaces_the_built_in_for_rendering_and_is_listed() {
        String builtIn = app.templates.renderEmail("birthday", model()).subject();
        int version = app.storedTemplates.save("email", "birthday", 0, birthdayWith("Happy day, ${customer.firstName}!"),
                "shorter", "anna");
        app.templates.templateChanged();

        assertThat(version).isEqualTo(1);
        assertThat(app.templates.renderEmail("birthday", model()).subject()).isEqualTo("Happy day, Ann!").isNotEqualTo(builtIn);
        assertThat(app.templates.emailTemplateFiles("birthday").get("subject.ftl")).isEqualTo("Happy day, ${customer.firstName}!");
        assertThat(app.storedTemplates.versions("email", "birthday")).singleElement()
                .satisfies(v -> assertThat(v.createdBy()).isEqualTo("anna"));
    }

    @Test
    void a_new_name_saved_in_the_database_becomes_a_template_campaigns_can_use() {
        app.storedTemplates.save("email", "spring-sale", 0, birthdayWith("Spring, ${customer.firstName}"), null, "anna");
        app.templates.templateChanged();
        assertThat(app.templates.emailTemplates()).contains("spring-sale", "birthday", "monthly-card");
        assertThat(app.templates.emailTemplateExists("spring-sale")).isTrue();
        assertThat(app.templates.renderEmail("spring-sale", model()).subject()).isEqualTo("Spring, Ann");
    }

    @Test
    void saving_over_a_version_someone_else_replaced_is_a_conflict_and_loses_nothing() {
        app.storedTemplates.save("email", "birthday", 0, birthdayWith("One"), null, "anna");
        app.storedTemplates.save("email", "birthday", 1, birthdayWith("Two"), null, "ben");
        assertThatThrownBy(() -> app.storedTemplates.save("email", "birthday", 1, birthdayWith("Three"), null, "anna"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("now version 2, you edited version 1");
        assertThat(app.storedTemplates.current("email", "birthday").orElseThrow().get("subject.ftl")).isEqualTo("Two");
        assertThat(app.storedTemplates.version("email", "birthday", 1).get("subject.ftl")).isEqualTo("One");
    }

    @Test
    void a_draft_with_a_syntax_error_is_refused_with_file_line_and_column() {
        Map<String, String> files = birthdayWith("Hello\n${customer.firstName");
        assertThatThrownBy(() -> app.templates.checkEmailDraft("birthday", files))
                .isInstanceOfSatisfying(TemplateProblem.class, e -> {
                    assertThat(e.template()).isEqualTo("email/birthday/subject.ftl");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isPositive();
                });
    }

    @Test
    void a_draft_renders_in_the_sandbox_without_being_saved() {
        RenderedEmail draft = app.templates.renderEmailDraft("birthday", birthdayWith("Draft for ${customer.firstName}"), model());
        assertThat(draft.subject()).isEqualTo("Draft for Ann");
        assertThat(app.templates.renderEmail("birthday", model()).subject()).isNotEqualTo("Draft for Ann");

        Map<String, String> evil = birthdayWith("<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}");
        assertThatThrownBy(() -> app.templates.renderEmailDraft("birthday", evil, model())).isInstanceOf(TemplateProblem.class);
    }

    @Test
    void a_stored_template_cannot_escape_the_sandbox_either() {
        app.storedTemplates.save("email", "evil", 0, birthdayWith("${customer?api.getClass()}"), null, "mallory");
        app.templates.templateChanged();
        assertThatThrownBy(() -> app.templates.renderEmail("evil", model())).isInstanceOf(TemplateProblem.class);
        Map<String, String> include = birthdayWith("<#include \"/etc/passwd\">");
        assertThatThrownBy(() -> app.templates.renderEmailDraft("birthday", include, model()))
                .isInstanceOf(TemplateProblem.class);
    }
}
