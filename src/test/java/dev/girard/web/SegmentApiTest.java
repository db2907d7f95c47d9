package dev.girard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.App;
import dev.girard.support.Api;
import dev.girard.support.TestApps;

/** The segment API as a marketer's script uses it: list the built-ins, preview, and campaigns that name them. */
class SegmentApiTest {
    @TempDir
    Path dir;

    private App app;
    private Api api;

    @BeforeEach
    void start() {
        app = TestApps.serve(TestApps.config(dir, Map.of()));
        api = new Api("http://127.0.0.1:" + app.port(), app.users.addUserWithToken("m", "marketer", "test"));
        customer("""
                {"externalId": "wang", "firstName": "芳", "lastName": "王", "email": "wang@example.com",
                 "country": "CN", "birthday": "1990-02-06", "timeZone": "Asia/Shanghai", "locale": "zh-CN"}""");
        customer("""
                {"externalId": "smith", "firstName": "Anna", "lastName": "Smith", "email": "anna@example.com",
                 "country": "GB", "birthday": "1990-02-06", "timeZone": "Europe/London", "locale": "en-GB"}""");
    }

    private void customer(String json) {
        Api.Response created = api.post("/api/customers", json);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void the_list_names_every_built_in_with_its_parameters() {
        Api.Response list = api.get("/api/segments");
        assertThat(list.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().get("segments").forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).contains("everyone-with-email", "everyone-reachable", "birthday-today", "purchase-anniversary",
                "date-anniversary", "holiday-today", "thank-you", "after-sale", "lapsed", "lost", "top-spenders", "rfm-tier",
                "spend-milestone", "cross-sell", "sms-opt-in", "custom");
        JsonNode lapsed = find(list.json(), "lapsed");
        assertThat(lapsed.get("parameters").has("factor")).isTrue();
        assertThat(lapsed.get("parameters").has("floorDays")).isTrue();
        assertThat(lapsed.get("parameters").has("localHour")).isTrue();
        assertThat(lapsed.get("description").asText()).contains("median gap");
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode s : list.get("segments")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no segment " + id);
    }

    @Test
    void preview_counts_and_shows_the_values_that_matched() {
        Api.Response preview = api.post("/api/segments/preview", """
                {"segment": "birthday-today", "at": "2027-02-05T17:00:00Z"}""");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("count").asLong()).isEqualTo(1);
        JsonNode member = preview.json().get("sample").get(0);
        assertThat(member.get("externalId").asText()).isEqualTo("wang");
        assertThat(member.get("name").asText()).isEqualTo("王芳");
        assertThat(member.get("occurrenceKey").asText()).isEqualTo("birthday:2027");
        assertThat(member.get("values").get("birthday").asText()).isEqualTo("1990-02-06");
        assertThat(member.get("values").get("timeZone").asText()).isEqualTo("Asia/Shanghai");

        Api.Response filtered = api.post("/api/segments/preview", """
                {"filter": {"field": "country", "op": "in", "value": ["GB", "US"]}}""");
        assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
        assertThat(filtered.json().get("segment").asText()).isEqualTo("custom");
        assertThat(filtered.json().get("count").asLong()).isEqualTo(1);
        assertThat(filtered.json().get("sample").get(0).get("values").get("country").asText()).isEqualTo("GB");
    }

    @Test
    void an_unknown_field_is_refused_with_its_json_path() {
        Api.Response refused = api.post("/api/segments/preview", """
                {"filter": {"all": [{"field": "country", "op": "eq", "value": "CN"},
                                    {"field": "favouriteColour", "op": "eq", "value": "red"}]}}""");
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("segmentParams.filter.all[1].field");
        assertThat(error.get("value").asText()).isEqualTo("favouriteColour");

        Api.Response badOp = api.post("/api/segments/preview", """
                {"segment": "lapsed", "segmentParams": {"filter": {"field": "country", "op": "sounds-like", "value": "CN"}}}""");
        assertThat(badOp.status()).isEqualTo(400);
        assertThat(badOp.json().get("errors").get(0).get("field").asText()).isEqualTo("segmentParams.filter.op");
        assertThat(badOp.json().get("error").asText()).contains("sounds-like");

        Api.Response unknownSegment = api.post("/api/segments/preview", "{\"segment\": \"whales\"}");
        assertThat(unknownSegment.status()).isEqualTo(400);
        assertThat(unknownSegment.json().get("error").asText()).contains("known segments").contains("holiday-today");
    }

    @Test
    void a_campaign_with_a_filter_tree_is_checked_when_saved_and_runs_through_the_planner() {
        Api.Response refused = api.post("/api/campaigns", """
                {"name": "Tea lovers", "segment": "custom", "segmentParams": {"filter": {"purchases": {"colour": "green"}}},
                 "template": "monthly-card", "cron": "0 0 9 1 * ?", "timeZone": "UTC", "status": "draft"}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("segmentParams.filter.purchases.colour");

        Api.Response created = api.post("/api/campaigns", """
                {"name": "British customers", "segment": "custom",
                 "segmentParams": {"filter": {"field": "country", "op": "eq", "value": "GB"}, "period": "year"},
                 "template": "monthly-card", "cron": "0 0 9 1 * ?", "timeZone": "UTC", "status": "draft"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        Api.Response run = api.post("/api/campaigns/" + id + "/run", "");
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        long runId = run.json().get("id").asLong();
        JsonNode finished = dev.girard.support.Waiting.until("run planned", java.time.Duration.ofSeconds(30),
                () -> api.get("/api/runs/" + runId).json(), r -> r.get("audience").asInt() > 0
                        || r.get("status").asText().equals("failed"));
        assertThat(finished.get("audience").asInt()).isEqualTo(1);
    }
}
