package dev.girard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.support.Api;
import dev.girard.support.TestApps;

/** Saved segments through the API: save one, name it in a campaign, edit it with its version, delete it. */
class SavedSegmentApiTest {
    @TempDir
    Path dir;

    private App app;
    private Api api;

    @BeforeEach
    void start() {
        app = TestApps.serve(TestApps.config(dir, Map.of()));
        api = new Api("http://127.0.0.1:" + app.port(), app.users.addUserWithToken("m", "marketer", "test"));
        for (String[] c : new String[][] {{"a", "Shanghai"}, {"b", "Shanghai"}, {"c", "Beijing"}}) {
            Api.Response created = api.post("/api/customers", """
                    {"externalId": "%s", "firstName": "F", "lastName": "L", "email": "%s@example.com", "city": "%s"}"""
                    .formatted(c[0], c[0], c[1]));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static final String SHANGHAI = """
            {"name": "Shanghai", "segment": "custom",
             "segmentParams": {"filter": {"field": "city", "op": "eq", "value": "Shanghai"}}}""";

    @Test
    void a_saved_segment_is_listed_previewed_and_named_by_a_campaign() {
        Api.Response saved = api.post("/api/segments/saved", SHANGHAI);
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        String id = saved.json().get("segmentId").asText();
        assertThat(id).isEqualTo("saved:" + saved.json().get("id").asLong());
        assertThat(saved.json().get("version").asInt()).isEqualTo(1);

        Api.Response list = api.get("/api/segments");
        assertThat(list.json().get("saved").get(0).get("name").asText()).isEqualTo("Shanghai");
        assertThat(list.json().get("filterFields").findValuesAsText("name")).contains("city", "stats.lastPurchaseAt");

        Api.Response preview = api.post("/api/segments/preview", "{\"segment\": \"" + id + "\"}");
        assertThat(preview.json().get("count").asLong()).isEqualTo(2);

        Api.Response campaign = api.post("/api/campaigns", """
                {"name": "Shanghai card", "segment": "%s", "template": "monthly-card", "cron": "0 0 9 1 * ?"}""".formatted(id));
        assertThat(campaign.status()).as(campaign.body()).isEqualTo(201);

        Api.Response override = api.post("/api/campaigns", """
                {"name": "Override", "segment": "%s", "segmentParams": {"filter": {"all": []}}, "template": "monthly-card",
                 "cron": "0 0 9 1 * ?"}""".formatted(id));
        assertThat(override.status()).isEqualTo(400);
        assertThat(override.body()).contains("segmentParams.filter").contains("is set by the saved segment Shanghai");
    }

    @Test
    void an_edit_needs_the_version_read_and_reaches_the_campaigns_that_use_it() {
        long id = api.post("/api/segments/saved", SHANGHAI).json().get("id").asLong();
        String beijing = """
                {"name": "Shanghai", "segment": "custom", "version": %d,
                 "segmentParams": {"filter": {"field": "city", "op": "eq", "value": "Beijing"}}}""";
        Api.Response edited = api.put("/api/segments/saved/" + id, beijing.formatted(1));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("version").asInt()).isEqualTo(2);
        Api.Response stale = api.put("/api/segments/saved/" + id, beijing.formatted(1));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("changed by someone else");

        assertThat(api.post("/api/segments/preview", "{\"segment\": \"saved:" + id + "\"}").json().get("count").asLong())
                .isEqualTo(1);
        assertThat(app.audit.recent("segment", 10, 0)).extracting(e -> e.action()).containsExactly("update", "create");
    }

    @Test
    void bad_definitions_are_refused_with_the_field_and_a_used_segment_is_not_deleted() {
        Api.Response bad = api.post("/api/segments/saved", """
                {"name": "Bad", "segment": "custom", "segmentParams": {"filter": {"field": "town", "op": "eq", "value": "x"}}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("segmentParams.filter.field").contains("is not a field");
        assertThat(api.post("/api/segments/saved", "{\"name\": \"Nested\", \"segment\": \"saved:1\"}").status()).isEqualTo(400);

        long id = api.post("/api/segments/saved", SHANGHAI).json().get("id").asLong();
        Api.Response taken = api.post("/api/segments/saved", SHANGHAI.replace("\"Shanghai\",", "\"SHANGHAI\","));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.body()).contains("is taken");

        long campaign = api.post("/api/campaigns", """
                {"name": "Uses it", "segment": "saved:%d", "template": "monthly-card", "cron": "0 0 9 1 * ?"}"""
                .formatted(id)).json().get("id").asLong();
        Api.Response refused = api.delete("/api/segments/saved/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("Uses it");

        assertThat(api.delete("/api/campaigns/" + campaign).status()).isEqualTo(204);
        assertThat(api.delete("/api/segments/saved/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/segments/saved/" + id).status()).isEqualTo(404);
    }
}
