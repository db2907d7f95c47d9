package dev.girard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.App;
import dev.girard.support.Api;
import dev.girard.support.TestApps;

/** Every kind of bad input gets a precise message, and nothing already stored is lost. */
class BadInputTest {
    @TempDir
    Path dir;

    private App app;
    private Api api;

    @BeforeEach
    void start() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates/email/broken"));
        Files.writeString(templates.resolve("subject.ftl"), "Hello");
        Files.writeString(templates.resolve("html.ftlh"), "<p>Hello</p>\n<#if customer.firstName>\n<p>x</p>\n");
        Files.writeString(templates.resolve("text.ftl"), "Hello");
        app = TestApps.serve(TestApps.config(dir.resolve("data"), Map.of("girard.templates.dir", dir.resolve("templates").toString())));
        api = new Api("http://127.0.0.1:" + app.port(), app.users.addUserWithToken("m", "marketer", "test"));
        Api.Response seeded = api.postCsv("/api/customers/import", """
                external_id,first_name,email
                K1,Keep,keep@example.com
                """);
        assertThat(seeded.json().get("changed").asInt()).isEqualTo(1);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_csv_without_the_external_id_column_is_refused_whole_and_stored_customers_stay() {
        Api.Response response = api.postCsv("/api/customers/import", """
                first_name,email
                Ann,ann@example.com
                """);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).contains("missing the column external_id");
        assertThat(app.customerStore.count()).isEqualTo(1);
        assertThat(app.customerStore.findByExternalId("K1").orElseThrow().email()).isEqualTo("keep@example.com");
    }

    @Test
    void bad_rows_are_reported_by_line_and_column_and_the_good_rows_are_imported() {
        Api.Response response = api.postCsv("/api/customers/import", """
                E-mail,ID,First Name,phone
                ann@example.com,A1,Ann,
                bob(at)example.com,A2,Bob,
                cat@example.com,A1,Cat,
                "dan@example.com",A4,"Dan, \"\"the man\"\"",+86 138 0013 8000
                eve@example.com,A5,Eve,12345
                """);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("rows").asInt()).isEqualTo(5);
        assertThat(report.get("changed").asInt()).isEqualTo(2);
        JsonNode errors = report.get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(3);
        assertThat(errors.get(0).get("column").asText()).isEqualTo("E-mail");
        assertThat(errors.get(0).get("value").asText()).isEqualTo("bob(at)example.com");
        assertThat(errors.get(1).get("line").asInt()).isEqualTo(4);
        assertThat(errors.get(1).get("reason").asText()).contains("duplicate external id").contains("line 2");
        assertThat(errors.get(2).get("line").asInt()).isEqualTo(6);
        assertThat(errors.get(2).get("column").asText()).isEqualTo("phone");
        assertThat(app.customerStore.findByExternalId("A1").orElseThrow().firstName()).isEqualTo("Ann");
        assertThat(app.customerStore.findByExternalId("A4").orElseThrow().firstName()).isEqualTo("Dan, \"the man\"");
        assertThat(app.customerStore.findByExternalId("A4").orElseThrow().phone()).isEqualTo("+8613800138000");
        assertThat(app.customerStore.findByExternalId("A2")).isEmpty();
        assertThat(app.customerStore.count()).isEqualTo(3);
    }

    @Test
    void reimporting_the_same_file_changes_nothing() {
        String csv = "external_id,first_name,email\nK1,Keep,keep@example.com\nK2,Two,two@example.com\n";
        api.postCsv("/api/customers/import", csv);
        JsonNode again = api.postCsv("/api/customers/import", csv).json();
        assertThat(again.get("changed").asInt()).isZero();
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
    }

    @Test
    void a_cron_with_second_61_is_refused_naming_the_field() {
        Api.Response response = api.post("/api/campaigns", """
                {"name": "Bad", "segment": "everyone-with-email", "template": "monthly-card", "cron": "61 * * * * ?"}""");
        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("cron");
        assertThat(error.get("value").asText()).isEqualTo("61 * * * * ?");
        assertThat(error.get("reason").asText()).contains("0 0 9 1 * ?");
        assertThat(api.get("/api/campaigns").json().get("campaigns")).isEmpty();
    }

    @Test
    void a_template_with_a_syntax_error_is_refused_with_its_file_line_and_column() {
        Api.Response response = api.post("/api/campaigns", """
                {"name": "Broken", "segment": "everyone-with-email", "template": "broken", "cron": "0 0 9 1 * ?"}""");
        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("template");
        assertThat(error.get("reason").asText()).contains("email/broken/html.ftlh").contains("line ").contains("column ");
    }

    @Test
    void unknown_template_time_zone_and_segment_are_each_named() {
        Api.Response response = api.post("/api/campaigns", """
                {"name": "X", "segment": "nobody", "template": "nope", "cron": "0 0 9 1 * ?", "timeZone": "Mars/Base"}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").findValuesAsText("field")).contains("segment", "template", "timeZone");
    }

    @Test
    void a_purchase_for_an_unknown_customer_is_an_error_not_a_new_customer() {
        Api.Response response = api.post("/api/purchases", """
                {"externalId": "P1", "customerExternalId": "GHOST", "amount": "10.00", "currency": "CNY"}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("customerExternalId");
        assertThat(app.customerStore.count()).isEqualTo(1);

        String valid = """
                {"externalId": "P2", "customerExternalId": "K1", "amount": "19.99", "currency": "cny", "item": "Tea"}""";
        assertThat(api.post("/api/purchases", valid).status()).isEqualTo(201);
        Api.Response again = api.post("/api/purchases", valid);
        assertThat(again.status()).as("the same purchase posted twice is recorded once").isEqualTo(200);
        assertThat(again.json().get("amount").decimalValue()).isEqualByComparingTo("19.99");
    }

    @Test
    void the_api_needs_a_token_and_health_does_not() {
        Api anonymous = new Api("http://127.0.0.1:" + app.port(), null);
        assertThat(anonymous.get("/api/customers").status()).isEqualTo(401);
        assertThat(new Api("http://127.0.0.1:" + app.port(), "gir_wrong").get("/api/customers").status()).isEqualTo(401);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        String viewer = app.users.addUserWithToken("v", "viewer", "test");
        Api viewerApi = new Api("http://127.0.0.1:" + app.port(), viewer);
        assertThat(viewerApi.get("/api/customers").status()).isEqualTo(200);
        assertThat(viewerApi.post("/api/customers", "{\"externalId\": \"V1\"}").status()).isEqualTo(403);
    }

    @Test
    void a_customer_with_an_invalid_email_is_refused_and_a_valid_one_is_created() {
        Api.Response bad = api.post("/api/customers", "{\"externalId\": \"N1\", \"email\": \"not-an-email\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("email");
        Api.Response good = api.post("/api/customers",
                "{\"externalId\": \"N1\", \"firstName\": \"娜\", \"lastName\": \"李\", \"email\": \"na@例子.中国\", \"locale\": \"zh_CN\"}");
        assertThat(good.status()).as(good.body()).isEqualTo(201);
        assertThat(good.json().get("email").asText()).isEqualTo("na@xn--fsqu00a.xn--fiqs8s");
        assertThat(good.json().get("locale").asText()).isEqualTo("zh-CN");
        assertThat(api.post("/api/customers", "{\"externalId\": \"N1\"}").status()).isEqualTo(409);
    }
}
