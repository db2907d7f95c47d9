package dev.girard.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import dev.girard.support.TestDatabases;

/**
 * The filter language's contract, run once per database in {@link TestDatabases}: each test builds a few
 * customers, compiles a filter and checks exactly who it selects.
 */
class FilterCompilerContractTest extends SegmentDatabaseTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    FilterCompilerContractTest() {
        // a small page, so every test also walks several pages
        super(2);
    }

    private List<String> select(String filterJson) {
        Map<String, Object> params = Map.of("filter", Json.readObject(filterJson, "filter"));
        Segment custom = segments.get("custom");
        custom.validate(params);
        List<String> ids = new ArrayList<>();
        custom.forEachMember(new SegmentContext(NOW, UTC, UTC, params), m -> ids.add(m.customer().externalId()));
        long counted = segments.preview("custom", params, NOW, UTC, UTC).count();
        assertThat(counted).as("preview count of " + filterJson).isEqualTo(ids.size());
        return ids;
    }

    private FieldError refusal(String filterJson) {
        Map<String, Object> params = Map.of("filter", Json.readObject(filterJson, "filter"));
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> segments.get("custom").validate(params));
        assertThat(thrown).isInstanceOf(InvalidInputException.class);
        return ((InvalidInputException) thrown).errors().get(0);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void text_operators_select_exactly_and_treat_missing_values_as_not_equal(TestDatabases.Factory factory) {
        open(factory);
        data.customer("ann").country("CN").city("Shanghai").save();
        data.customer("bob").country("GB").city("London").save();
        data.customer("cy").save();
        data.customer("dee").country("CN").city("Shenzhen").email(null).save();

        assertThat(select("{\"field\": \"country\", \"op\": \"eq\", \"value\": \"CN\"}")).containsExactly("ann", "dee");
        assertThat(select("{\"field\": \"country\", \"op\": \"ne\", \"value\": \"CN\"}")).containsExactly("bob", "cy");
        assertThat(select("{\"not\": {\"field\": \"country\", \"op\": \"eq\", \"value\": \"CN\"}}"))
                .as("not is the exact complement, customers without a country included").containsExactly("bob", "cy");
        assertThat(select("{\"field\": \"country\", \"op\": \"in\", \"value\": [\"GB\", \"US\"]}")).containsExactly("bob");
        assertThat(select("{\"field\": \"country\", \"op\": \"notIn\", \"value\": [\"GB\", \"US\"]}"))
                .containsExactly("ann", "cy", "dee");
        assertThat(select("{\"field\": \"city\", \"op\": \"startsWith\", \"value\": \"Sh\"}")).containsExactly("ann", "dee");
        assertThat(select("{\"field\": \"city\", \"op\": \"contains\", \"value\": \"ond\"}")).containsExactly("bob");
        assertThat(select("{\"field\": \"city\", \"op\": \"contains\", \"value\": \"OND\"}")).as("case-sensitive").isEmpty();
        assertThat(select("{\"field\": \"email\", \"op\": \"isNotSet\"}")).containsExactly("dee");
        assertThat(select("{\"field\": \"email\", \"op\": \"isSet\"}")).containsExactly("ann", "bob", "cy");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void all_any_and_not_combine_and_empty_groups_mean_everyone_and_no_one(TestDatabases.Factory factory) {
        open(factory);
        data.customer("ann").country("CN").city("Shanghai").save();
        data.customer("bob").country("CN").city("Beijing").save();
        data.customer("cy").country("GB").city("London").save();

        assertThat(select("""
                {"all": [{"field": "country", "op": "eq", "value": "CN"},
                         {"not": {"field": "city", "op": "eq", "value": "Beijing"}}]}""")).containsExactly("ann");
        assertThat(select("""
                {"any": [{"field": "city", "op": "eq", "value": "London"},
                         {"all": [{"field": "country", "op": "eq", "value": "CN"},
                                  {"field": "city", "op": "eq", "value": "Beijing"}]}]}""")).containsExactly("bob", "cy");
        assertThat(select("{\"all\": []}")).containsExactly("ann", "bob", "cy");
        assertThat(select("{\"any\": []}")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void custom_attributes_compare_as_text_number_boolean_or_date(TestDatabases.Factory factory) {
        open(factory);
        data.customer("ann").attribute("club", "gold").attribute("visits", 12).attribute("vip", true)
                .attribute("weddingDay", "2015-06-20").save();
        data.customer("bob").attribute("club", "silver").attribute("visits", 3).attribute("vip", false)
                .attribute("weddingDay", "2026-10-01").save();
        data.customer("cy").attribute("visits", "many").save();

        assertThat(select("{\"field\": \"attributes.club\", \"op\": \"eq\", \"value\": \"gold\"}")).containsExactly("ann");
        assertThat(select("{\"field\": \"attributes.club\", \"op\": \"isNotSet\"}")).containsExactly("cy");
        assertThat(select("{\"field\": \"attributes.visits\", \"op\": \"gte\", \"value\": 10}")).containsExactly("ann");
        assertThat(select("{\"field\": \"attributes.visits\", \"op\": \"lt\", \"value\": 10}"))
                .as("a text where a number is compared never matches").containsExactly("bob");
        assertThat(select("{\"field\": \"attributes.vip\", \"op\": \"eq\", \"value\": true}")).containsExactly("ann");
        assertThat(select("{\"field\": \"attributes.vip\", \"op\": \"eq\", \"value\": false}")).containsExactly("bob");
        assertThat(select("{\"field\": \"attributes.weddingDay\", \"op\": \"gte\", \"value\": {\"daysAgo\": 365}}"))
                .containsExactly("bob");
        assertThat(select("{\"field\": \"attributes.weddingDay\", \"op\": \"lt\", \"value\": \"2020-01-01\"}"))
                .containsExactly("ann");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void stats_fields_take_amounts_in_currency_units_and_relative_dates(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").save();
        long bob = data.customer("bob").save();
        data.customer("cy").save();
        data.stats(ann, "last_purchase_at", NOW.minus(Duration.ofDays(10)).toEpochMilli(), "monetary_12m_cents", 150_000L,
                "median_gap_days", 4.0, "r_score", 5);
        data.stats(bob, "last_purchase_at", NOW.minus(Duration.ofDays(100)).toEpochMilli(), "monetary_12m_cents", 9_900L,
                "median_gap_days", 50.0, "r_score", 1);

        assertThat(select("{\"field\": \"stats.monetary12m\", \"op\": \"gte\", \"value\": 1000}")).containsExactly("ann");
        assertThat(select("{\"field\": \"stats.monetary12m\", \"op\": \"lt\", \"value\": 99.01}")).containsExactly("bob");
        assertThat(select("{\"field\": \"stats.lastPurchaseAt\", \"op\": \"lt\", \"value\": {\"daysAgo\": 30}}"))
                .as("never purchased is not 'before 30 days ago'").containsExactly("bob");
        assertThat(select("{\"field\": \"stats.lastPurchaseAt\", \"op\": \"isNotSet\"}")).containsExactly("cy");
        assertThat(select("{\"field\": \"stats.daysSinceLastPurchase\", \"op\": \"gt\", \"value\": 60}")).containsExactly("bob");
        assertThat(select("{\"field\": \"stats.rhythmRatio\", \"op\": \"gt\", \"value\": 2}"))
                .as("10 days against a 4-day rhythm").containsExactly("ann");
        assertThat(select("{\"field\": \"stats.rScore\", \"op\": \"in\", \"value\": [4, 5]}")).containsExactly("ann");
        assertThat(select("{\"field\": \"stats.lastPurchaseAt\", \"op\": \"gte\", \"value\": \"2026-11-01\"}"))
                .containsExactly("ann");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void purchase_conditions_test_existence_count_and_sum_within_a_period(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").save();
        long bob = data.customer("bob").save();
        data.customer("cy").save();
        data.purchase(ann, 5_000, "tea", NOW.minus(Duration.ofDays(5)));
        data.purchase(ann, 7_000, "tea", NOW.minus(Duration.ofDays(40)), true);
        data.purchase(ann, 1_000, "cups", NOW.minus(Duration.ofDays(400)));
        data.purchase(bob, 90_000, "tea", NOW.minus(Duration.ofDays(200)));

        assertThat(select("{\"purchases\": {}}")).containsExactly("ann", "bob");
        assertThat(select("{\"not\": {\"purchases\": {}}}")).containsExactly("cy");
        assertThat(select("{\"purchases\": {\"category\": \"tea\", \"after\": {\"daysAgo\": 30}}}")).containsExactly("ann");
        assertThat(select("{\"purchases\": {\"category\": \"tea\"}, \"count\": {\"gte\": 2}}")).containsExactly("ann");
        assertThat(select("{\"purchases\": {\"after\": {\"monthsAgo\": 12}}, \"sum\": {\"gt\": 500}}"))
                .as("sum in currency units: 900.00 and 120.00").containsExactly("bob");
        assertThat(select("{\"purchases\": {\"discounted\": true}}")).containsExactly("ann");
        assertThat(select("{\"purchases\": {\"category\": [\"cups\", \"plates\"], \"before\": {\"yearsAgo\": 1}}}"))
                .containsExactly("ann");
        assertThat(select("{\"purchases\": {\"minAmount\": 100, \"maxAmount\": 1000}}")).containsExactly("bob");
        assertThat(select("{\"purchases\": {\"category\": \"none\"}, \"count\": {\"eq\": 0}}")).containsExactly("ann", "bob", "cy");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void consent_conditions_follow_the_latest_record_per_channel(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").save();
        long bob = data.customer("bob").save();
        long cy = data.customer("cy").save();
        data.customer("dee").save();
        Instant t = NOW.minus(Duration.ofDays(30));
        data.consent(ann, "sms", true, t);
        data.consent(ann, "sms", false, t.plusSeconds(60));
        data.consent(bob, "sms", false, t);
        data.consent(bob, "sms", true, t.plusSeconds(60));
        data.consent(cy, "sms", true, t);
        data.consent(cy, "email", false, t);

        assertThat(select("{\"consent\": \"sms\", \"is\": \"granted\"}")).containsExactly("bob", "cy");
        assertThat(select("{\"consent\": \"sms\"}")).as("granted by default").containsExactly("bob", "cy");
        assertThat(select("{\"consent\": \"sms\", \"is\": \"withdrawn\"}")).containsExactly("ann");
        assertThat(select("{\"consent\": \"sms\", \"is\": \"none\"}")).containsExactly("dee");
        assertThat(select("{\"not\": {\"consent\": \"email\", \"is\": \"withdrawn\"}}")).containsExactly("ann", "bob", "dee");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void an_unknown_field_or_operator_is_refused_naming_it_and_its_json_path(TestDatabases.Factory factory) {
        open(factory);
        FieldError field = refusal("{\"all\": [{\"field\": \"country\", \"op\": \"eq\", \"value\": \"CN\"},"
                + " {\"not\": {\"field\": \"shoeSize\", \"op\": \"eq\", \"value\": 42}}]}");
        assertThat(field.field()).isEqualTo("segmentParams.filter.all[1].not.field");
        assertThat(field.value()).isEqualTo("shoeSize");
        assertThat(field.reason()).contains("is not a field").contains("country").contains("attributes.<name>");

        FieldError op = refusal("{\"any\": [{\"field\": \"stats.monetary12m\", \"op\": \"like\", \"value\": 1}]}");
        assertThat(op.field()).isEqualTo("segmentParams.filter.any[0].op");
        assertThat(op.value()).isEqualTo("like");
        assertThat(op.reason()).contains("gte");

        FieldError node = refusal("{\"every\": []}");
        assertThat(node.field()).isEqualTo("segmentParams.filter.every");
        assertThat(node.reason()).contains("all, any, not");

        FieldError unit = refusal("{\"field\": \"birthday\", \"op\": \"lt\", \"value\": {\"fortnightsAgo\": 2}}");
        assertThat(unit.field()).isEqualTo("segmentParams.filter.value.fortnightsAgo");

        FieldError purchase = refusal("{\"purchases\": {\"colour\": \"red\"}}");
        assertThat(purchase.field()).isEqualTo("segmentParams.filter.purchases.colour");

        FieldError channel = refusal("{\"consent\": \"fax\"}");
        assertThat(channel.field()).isEqualTo("segmentParams.filter.consent");

        FieldError aggregate = refusal("{\"purchases\": {}, \"count\": {\"between\": [1, 2]}}");
        assertThat(aggregate.field()).isEqualTo("segmentParams.filter.count.between");

        FieldError type = refusal("{\"field\": \"stats.purchaseCount\", \"op\": \"eq\", \"value\": \"3\"}");
        assertThat(type.field()).isEqualTo("segmentParams.filter.value");
        assertThat(type.reason()).contains("number");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void injection_attempts_are_refused_or_compared_as_plain_values(TestDatabases.Factory factory) {
        open(factory);
        data.customer("ann").country("CN").save();
        data.customer("x' OR '1'='1").country("GB").save();

        assertThat(select("{\"field\": \"country\", \"op\": \"eq\", \"value\": \"CN' OR '1'='1\"}")).isEmpty();
        assertThat(select("{\"field\": \"externalId\", \"op\": \"eq\", \"value\": \"x' OR '1'='1\"}"))
                .containsExactly("x' OR '1'='1");
        assertThat(select("{\"field\": \"country\", \"op\": \"in\", \"value\": [\"CN'); DROP TABLE customers; --\"]}")).isEmpty();
        assertThat(select("{\"field\": \"attributes.club\", \"op\": \"eq\", \"value\": \"') OR 1=1 --\"}")).isEmpty();
        assertThat(select("{\"field\": \"city\", \"op\": \"contains\", \"value\": \"%\"}")).isEmpty();
        assertThat(select("{\"purchases\": {\"category\": \"x' OR 1=1 --\"}}")).isEmpty();

        assertThat(refusal("{\"field\": \"country = country OR 1\", \"op\": \"eq\", \"value\": \"CN\"}").field())
                .isEqualTo("segmentParams.filter.field");
        assertThat(refusal("{\"field\": \"attributes.a') OR 1=1 --\", \"op\": \"eq\", \"value\": \"x\"}").reason())
                .contains("attribute name");
        assertThat(refusal("{\"field\": \"country\", \"op\": \"= 'CN' OR 1 = 1 OR country\", \"value\": \"x\"}").field())
                .isEqualTo("segmentParams.filter.op");
        assertThat(data.customerCount()).as("nothing was dropped or changed").isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void the_preview_shows_the_values_that_made_each_customer_match(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").country("CN").attribute("club", "gold").save();
        data.stats(ann, "monetary_12m_cents", 150_000L);
        data.purchase(ann, 5_000, "tea", NOW.minus(Duration.ofDays(5)));
        data.customer("bob").country("GB").save();

        Map<String, Object> filter = Json.readObject("""
                {"all": [{"field": "country", "op": "eq", "value": "CN"},
                         {"field": "attributes.club", "op": "eq", "value": "gold"},
                         {"field": "stats.monetary12m", "op": "gte", "value": 1000},
                         {"purchases": {"category": "tea"}, "count": {"gte": 1}}]}""", "filter");
        SegmentPreview preview = segments.preview("custom", Map.of("filter", filter), NOW, UTC, UTC);

        assertThat(preview.count()).isEqualTo(1);
        assertThat(preview.runKey()).isEqualTo("2026-11");
        Member member = preview.sample().get(0);
        assertThat(member.customer().externalId()).isEqualTo("ann");
        assertThat(member.occurrenceKey()).isEqualTo("2026-11");
        assertThat(member.values()).containsEntry("country", "CN").containsEntry("attributes.club", "gold")
                .containsKey("stats.monetary12m").containsKey("segmentParams.filter.all[3].count");
        assertThat(((Number) member.values().get("stats.monetary12m")).longValue()).isEqualTo(150_000L);
        assertThat(((Number) member.values().get("segmentParams.filter.all[3].count")).longValue()).isEqualTo(1L);
    }
}
