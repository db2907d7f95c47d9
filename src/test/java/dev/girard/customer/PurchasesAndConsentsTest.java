package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
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

/** Purchases and consent records through the API, one by one, in batches and from CSV files. */
class PurchasesAndConsentsTest {
    @TempDir
    Path dir;

    private App app;
    private Api api;
    private long annId;

    @BeforeEach
    void start() {
        app = TestApps.serve(TestApps.config(dir.resolve("data"), Map.of("girard.timezone", "Asia/Shanghai")));
        api = new Api("http://127.0.0.1:" + app.port(), app.users.addUserWithToken("m", "marketer", "test"));
        api.postCsv("/api/customers/import", "external_id,first_name,email\nC1,Ann,ann@example.com\nC2,Bo,bo@example.com\n");
        annId = app.customerStore.findByExternalId("C1").orElseThrow().id();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_purchase_is_recorded_once_and_never_changed_and_an_unknown_customer_is_refused() {
        String purchase = """
                {"externalId": "R-1", "customerExternalId": "C1", "amount": "268.00", "currency": "cny",
                 "item": "Tea set", "category": "tea", "discounted": true, "purchasedAt": "2026-11-20 15:30"}""";
        Api.Response created = api.post("/api/purchases", purchase);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("currency").asText()).isEqualTo("CNY");
        assertThat(created.json().get("purchasedAt").asText()).as("local time in girard.timezone")
                .isEqualTo("2026-11-20T07:30:00Z");
        assertThat(api.post("/api/purchases", purchase).status()).isEqualTo(200);
        Api.Response changed = api.post("/api/purchases", purchase.replace("268.00", "300.00"));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("error").asText()).contains("amount 268.00 CNY");
        Api.Response unknown = api.post("/api/purchases", purchase.replace("R-1", "R-2").replace("C1", "C404"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("customerExternalId");
        assertThat(app.customerStore.findByExternalId("C404")).isEmpty();

        JsonNode customer = api.get("/api/customers/" + annId).json();
        assertThat(customer.get("stats").get("purchaseCount").asInt()).isEqualTo(1);
        assertThat(customer.get("stats").get("lifetime").decimalValue()).isEqualByComparingTo("268.00");
        assertThat(customer.get("stats").get("discountShare").asDouble()).isEqualTo(1.0);
    }

    @Test
    void a_batch_records_its_valid_purchases_and_refuses_the_others_one_by_one() {
        api.post("/api/purchases", """
                {"externalId": "R-1", "customerExternalId": "C1", "amount": 10, "currency": "CNY"}""");
        Api.Response batch = api.post("/api/purchases", """
                [{"externalId": "R-1", "customerExternalId": "C1", "amount": 10, "currency": "CNY"},
                 {"externalId": "R-2", "customerExternalId": "C2", "amount": 20.5, "currency": "CNY"},
                 {"externalId": "R-3", "customerExternalId": "C9", "amount": 1, "currency": "CNY"},
                 {"externalId": "R-4", "customerExternalId": "C2", "amount": "1.234", "currency": "CNY"},
                 {"externalId": "R-5", "customerExternalId": "C2", "amount": 5, "currency": "CNY", "colour": "red"}]""");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        JsonNode result = batch.json();
        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(result.get("unchanged").asInt()).isEqualTo(1);
        assertThat(result.get("refused").asInt()).isEqualTo(3);
        assertThat(result.get("results").findValuesAsText("status"))
                .containsExactly("unchanged", "created", "refused", "refused", "refused");
        assertThat(result.get("results").get(2).get("errors").get(0).get("field").asText()).isEqualTo("customerExternalId");
        assertThat(result.get("results").get(3).get("errors").get(0).get("field").asText()).isEqualTo("amount");
        assertThat(result.get("results").get(4).get("errors").get(0).get("field").asText()).isEqualTo("colour");
        assertThat(app.purchases.forCustomer(app.customerStore.findByExternalId("C2").orElseThrow().id())).hasSize(1);
    }

    @Test
    void a_purchase_file_imports_once_reports_each_bad_row_and_reimporting_changes_nothing() throws Exception {
        String csv = """
                订单号,客户编号,金额,币种,商品,折扣,时间,门店
                P1,C1,268.00,CNY,茶具,否,2026-11-20 15:30,上海
                P2,C2,12.50,CNY,绿茶,是,2026-11-21,上海
                P3,C404,5.00,CNY,红茶,否,2026-11-21,北京
                P4,C1,abc,CNY,红茶,否,2026-11-21,北京
                P5,C1,5.00,CNY,红茶,maybe,2026-11-31,北京
                """;
        byte[] gbk = csv.getBytes(Charset.forName("GBK"));
        Api.Response first = api.postBytes("/api/purchases/import", "text/csv", gbk);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode report = first.json();
        assertThat(report.get("encoding").asText()).isEqualTo("GB18030");
        assertThat(report.get("changed").asInt()).isEqualTo(2);
        assertThat(report.get("refused").asInt()).isEqualTo(3);
        assertThat(report.get("ignoredColumns").get(0).asText()).isEqualTo("门店");
        assertThat(report.get("errors").findValuesAsText("column"))
                .containsExactly("客户编号", "金额", "时间", "折扣");
        assertThat(report.get("errors").findValuesAsText("line")).containsExactly("4", "5", "6", "6");
        assertThat(app.purchases.forCustomer(annId)).singleElement()
                .satisfies(p -> assertThat(p.item()).isEqualTo("茶具"));

        JsonNode again = api.postBytes("/api/purchases/import", "text/csv", gbk).json();
        assertThat(again.get("changed").asInt()).isZero();
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.get("refused").asInt()).isEqualTo(3);
        assertThat(api.get("/api/customers/" + annId).json().get("stats").get("purchaseCount").asInt()).isEqualTo(1);
    }

    @Test
    void consents_are_appended_the_latest_decides_and_the_proof_exports_as_json_and_csv() {
        Api.Response granted = api.post("/api/customers/" + annId + "/consents", """
                {"channel": "sms", "granted": true, "at": "2026-11-01T08:00:00Z", "source": "till 3",
                 "wording": "Texts about offers"}""");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        assertThat(api.post("/api/customers/" + annId + "/consents", """
                {"channel": "sms", "granted": true, "at": "2026-11-01T08:00:00Z", "source": "till 3",
                 "wording": "Texts about offers"}""").status()).as("the same record again adds nothing").isEqualTo(200);
        assertThat(api.post("/api/customers/" + annId + "/consents", """
                {"channel": "fax", "granted": "maybe", "source": "x"}""").json().get("errors").findValuesAsText("field"))
                .containsExactly("channel", "granted");

        Api.Response imported = api.postCsv("/api/consents/import", """
                customer_id,channel,granted,at,source,wording
                C1,sms,withdrawn,2026-11-10 09:00,SMS reply STOP,
                C1,email,opt-in,2026-11-02,web form,News by e-mail
                C404,email,granted,2026-11-02,web form,
                C2,pigeon,granted,2026-11-02,web form,
                """);
        JsonNode report = imported.json();
        assertThat(report.get("changed").asInt()).isEqualTo(2);
        assertThat(report.get("errors").findValuesAsText("line")).containsExactly("4", "5");
        assertThat(report.get("errors").findValuesAsText("column")).containsExactly("customer_id", "channel");
        assertThat(api.postCsv("/api/consents/import", """
                customer_id,channel,granted,at,source,wording
                C1,sms,withdrawn,2026-11-10 09:00,SMS reply STOP,
                """).json().get("unchanged").asInt()).as("re-import changes nothing").isEqualTo(1);

        JsonNode proof = api.get("/api/customers/" + annId + "/consents").json();
        assertThat(proof.get("current").get("sms").asText()).isEqualTo("withdrawn");
        assertThat(proof.get("current").get("email").asText()).isEqualTo("granted");
        assertThat(proof.get("records")).hasSize(3);
        assertThat(proof.get("records").get(0).get("source").asText()).isEqualTo("till 3");
        assertThat(app.consents.granted(annId, "sms")).isFalse();

        Api.Response csv = api.get("/api/customers/" + annId + "/consents?format=csv");
        assertThat(csv.body()).startsWith("\uFEFFcustomer_external_id,channel,decision,at,source,wording,record_id\r\n"
                + "C1,sms,granted,2026-11-01T08:00:00Z,till 3,Texts about offers,");
        assertThat(csv.body()).contains("C1,sms,withdrawn,2026-11-10T01:00:00Z,SMS reply STOP,,");
    }
}
