package dev.girard.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.girard.core.InvalidInputException;
import dev.girard.support.TestDatabases;

/** Each built-in segment at a fixed moment: who it selects and under which occurrence key. */
class BuiltInSegmentsTest extends SegmentDatabaseTest {
    private static final ZoneId UTC = ZoneId.of("UTC");

    BuiltInSegmentsTest() {
        super(3);
    }

    /** External id to occurrence key of every member at that moment; the preview must count the same. */
    private Map<String, String> members(String segmentId, Map<String, Object> params, String at) {
        Instant instant = Instant.parse(at);
        Segment segment = segments.get(segmentId);
        segment.validate(params);
        Map<String, String> out = new LinkedHashMap<>();
        List<String> order = new java.util.ArrayList<>();
        segment.forEachMember(new SegmentContext(instant, UTC, UTC, params), m -> {
            out.put(m.customer().externalId(), m.occurrenceKey());
            order.add(m.customer().externalId());
        });
        assertThat(segments.preview(segmentId, params, instant, UTC, UTC).count()).as("preview count").isEqualTo(order.size());
        return out;
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void birthday_today_is_the_customers_own_date_and_29_february_falls_on_the_28th_in_other_years(
            TestDatabases.Factory factory) {
        open(factory);
        data.customer("leap").bornOn("1992-02-29").inZone("Europe/London").save();
        data.customer("feb28").bornOn("1990-02-28").save();
        data.customer("march").bornOn("1990-03-01").save();

        assertThat(members("birthday-today", Map.of(), "2027-02-28T12:00:00Z"))
                .containsExactly(entry("leap", "birthday:2027"), entry("feb28", "birthday:2027"));
        assertThat(members("birthday-today", Map.of(), "2028-02-28T12:00:00Z")).containsOnlyKeys("feb28");
        assertThat(members("birthday-today", Map.of(), "2028-02-29T12:00:00Z")).containsExactly(entry("leap", "birthday:2028"));
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void a_shanghai_birthday_is_today_while_it_is_still_yesterday_in_utc(TestDatabases.Factory factory) {
        open(factory);
        data.customer("wang").bornOn("1985-11-24").inZone("Asia/Shanghai").save();
        data.customer("smith").bornOn("1985-11-24").inZone("Europe/London").save();
        data.customer("nozone").bornOn("1985-11-24").save();
        data.customer("offset").bornOn("1985-11-24").inZone("+08:00").save();

        // 23 November 17:30 UTC is 24 November 01:30 in Shanghai
        assertThat(members("birthday-today", Map.of(), "2026-11-23T17:30:00Z"))
                .containsExactly(entry("wang", "birthday:2026"), entry("offset", "birthday:2026"));
        assertThat(members("birthday-today", Map.of(), "2026-11-24T08:00:00Z"))
                .containsOnlyKeys("wang", "smith", "nozone", "offset");
        assertThat(members("birthday-today", Map.of(), "2026-11-24T17:30:00Z")).as("the next day in Shanghai (UTC+8)")
                .containsOnlyKeys("smith", "nozone");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void local_hour_selects_the_customers_for_whom_it_is_now_that_hour(TestDatabases.Factory factory) {
        open(factory);
        data.customer("wang").bornOn("1985-11-24").inZone("Asia/Shanghai").save();
        data.customer("smith").bornOn("1985-11-24").inZone("Europe/London").save();
        data.customer("nozone").bornOn("1985-11-24").save();
        Map<String, Object> nineAm = Map.of("localHour", 9);

        // an hourly campaign: 01:00 UTC is 09:00 in Shanghai, 09:00 UTC is 09:00 in London (and the default zone)
        assertThat(members("birthday-today", nineAm, "2026-11-24T00:00:00Z")).isEmpty();
        assertThat(members("birthday-today", nineAm, "2026-11-24T01:00:00Z")).containsExactly(entry("wang", "birthday:2026"));
        assertThat(members("birthday-today", nineAm, "2026-11-24T09:00:00Z")).containsOnlyKeys("smith", "nozone");
        assertThat(members("everyone-with-email", nineAm, "2026-11-24T01:30:00Z")).containsExactly(entry("wang", "2026-11"));
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void purchase_anniversary_greets_the_day_of_the_first_purchase_in_later_years(TestDatabases.Factory factory) {
        open(factory);
        long wang = data.customer("wang").inZone("Asia/Shanghai").save();
        long ann = data.customer("ann").save();
        long newcomer = data.customer("new").save();
        // 20 March 2024 02:00 in Shanghai is 19 March 18:00 UTC
        data.stats(wang, "first_purchase_at", at("2024-03-19T18:00:00Z"));
        data.stats(ann, "first_purchase_at", at("2019-03-19T12:00:00Z"));
        data.stats(newcomer, "first_purchase_at", at("2027-03-20T06:00:00Z"));

        assertThat(members("purchase-anniversary", Map.of(), "2027-03-20T08:00:00Z"))
                .containsExactly(entry("wang", "purchase-anniversary:2027"));
        assertThat(members("purchase-anniversary", Map.of(), "2027-03-19T12:00:00Z")).containsOnlyKeys("ann");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void date_anniversary_reads_the_date_from_a_custom_attribute(TestDatabases.Factory factory) {
        open(factory);
        data.customer("li").attribute("weddingDay", "2015-06-20").inZone("Asia/Shanghai").save();
        data.customer("jo").attribute("weddingDay", "2027-06-20").save();
        data.customer("al").attribute("weddingDay", "not a date").save();
        data.customer("bo").attribute("anniversary", "2015-06-20").save();

        assertThat(members("date-anniversary", Map.of("attribute", "weddingDay"), "2027-06-20T03:00:00Z"))
                .as("the wedding day itself is not an anniversary").containsExactly(entry("li", "weddingDay:2027"));
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void thank_you_has_one_member_per_purchase_since_the_last_run(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").save();
        long bob = data.customer("bob").save();
        long first = data.purchase(ann, 1000, "tea", Instant.parse("2026-11-23T09:50:00Z"));
        long second = data.purchase(ann, 2000, "cups", Instant.parse("2026-11-23T09:55:00Z"));
        long third = data.purchase(bob, 3000, "tea", Instant.parse("2026-11-23T08:00:00Z"));
        data.purchase(bob, 3000, "tea", Instant.parse("2026-11-20T08:00:00Z"));
        data.purchase(bob, 3000, "tea", Instant.parse("2026-11-23T10:05:00Z"));

        List<String> keys = new java.util.ArrayList<>();
        Map<String, Object> params = Map.of("lookbackHours", 24);
        segments.get("thank-you").forEachMember(new SegmentContext(Instant.parse("2026-11-23T10:00:00Z"), UTC, UTC, params),
                m -> keys.add(m.customer().externalId() + " " + m.occurrenceKey()));
        assertThat(keys).containsExactly("ann purchase:" + first, "ann purchase:" + second, "bob purchase:" + third);
        assertThat(segments.preview("thank-you", Map.of("category", "tea"), Instant.parse("2026-11-23T10:00:00Z"), UTC, UTC)
                .count()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void after_sale_follows_up_n_days_after_each_purchase(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").save();
        long bob = data.customer("bob").save();
        long due = data.purchase(ann, 1000, "phone", Instant.parse("2026-11-16T09:00:00Z"));
        data.purchase(bob, 1000, "phone", Instant.parse("2026-11-17T11:00:00Z"));
        data.purchase(bob, 1000, "phone", Instant.parse("2026-11-10T11:00:00Z"));

        assertThat(members("after-sale", Map.of("days", 7), "2026-11-23T10:00:00Z"))
                .containsExactly(entry("ann", "follow-up:" + due));
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void lapsed_is_measured_against_the_customers_own_rhythm_and_a_floor(TestDatabases.Factory factory) {
        open(factory);
        String now = "2026-11-23T10:00:00Z";
        long weekly = data.customer("weekly").save();
        long monthly = data.customer("monthly").save();
        long recent = data.customer("recent").save();
        long oneTime = data.customer("one-time").save();
        // bought weekly, last 25 days ago: 25 > 2 x 7 and > the 20-day floor
        data.stats(weekly, "last_purchase_at", at("2026-10-29T10:00:00Z"), "median_gap_days", 7.0);
        // bought monthly, last 40 days ago: 40 < 2 x 30
        data.stats(monthly, "last_purchase_at", at("2026-10-14T10:00:00Z"), "median_gap_days", 30.0);
        // bought every 2 days, last 10 days ago: overdue against the rhythm, but within the floor
        data.stats(recent, "last_purchase_at", at("2026-11-13T10:00:00Z"), "median_gap_days", 2.0);
        data.stats(oneTime, "last_purchase_at", at("2025-01-01T10:00:00Z"));

        assertThat(members("lapsed", Map.of("factor", 2, "floorDays", 20), now))
                .containsExactly(entry("weekly", "lapsed:2026-10-29"));
        assertThat(members("lapsed", Map.of("factor", 1.2, "floorDays", 5), now)).containsOnlyKeys("weekly", "monthly", "recent");
        assertThat(members("lost", Map.of("months", 12), now)).containsExactly(entry("one-time", "lost:2025-01-01"));
        assertThat(members("lost", Map.of(), now)).containsOnlyKeys("one-time");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void top_spenders_are_the_top_share_of_customers_who_spent_anything(TestDatabases.Factory factory) {
        open(factory);
        for (int i = 1; i <= 10; i++) {
            long id = data.customer("c" + i).save();
            data.stats(id, "monetary_12m_cents", i * 10_000L);
        }
        long nothing = data.customer("nothing").save();
        data.stats(nothing, "monetary_12m_cents", 0L);

        assertThat(members("top-spenders", Map.of(), "2026-11-23T10:00:00Z"))
                .containsExactly(entry("c9", "2026-11"), entry("c10", "2026-11"));
        assertThat(members("top-spenders", Map.of("percent", 30, "period", "year"), "2026-11-23T10:00:00Z"))
                .containsExactly(entry("c8", "2026"), entry("c9", "2026"), entry("c10", "2026"));
        assertThat(members("top-spenders", Map.of("percent", 100), "2026-11-23T10:00:00Z")).hasSize(10);
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void rfm_tiers_read_the_scores(TestDatabases.Factory factory) {
        open(factory);
        long champion = data.customer("champion").save();
        long atRisk = data.customer("at-risk").save();
        long sleeping = data.customer("sleeping").save();
        data.stats(champion, "r_score", 5, "f_score", 5, "m_score", 4);
        data.stats(atRisk, "r_score", 1, "f_score", 4, "m_score", 5);
        data.stats(sleeping, "r_score", 2, "f_score", 1, "m_score", 1);

        assertThat(members("rfm-tier", Map.of("tier", "champions"), "2026-11-23T10:00:00Z")).containsOnlyKeys("champion");
        assertThat(members("rfm-tier", Map.of("tier", "at-risk"), "2026-11-23T10:00:00Z")).containsOnlyKeys("at-risk");
        assertThat(members("rfm-tier", Map.of("tier", "hibernating"), "2026-11-23T10:00:00Z")).containsOnlyKeys("sleeping");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void spend_milestone_keys_the_highest_milestone_crossed(TestDatabases.Factory factory) {
        open(factory);
        long small = data.customer("small").save();
        long mid = data.customer("mid").save();
        long big = data.customer("big").save();
        data.stats(small, "lifetime_cents", 99_999L);
        data.stats(mid, "lifetime_cents", 100_000L);
        data.stats(big, "lifetime_cents", 750_050L);

        assertThat(members("spend-milestone", Map.of(), "2026-11-23T10:00:00Z"))
                .containsExactly(entry("mid", "milestone:1000"), entry("big", "milestone:5000"));
        assertThat(members("spend-milestone", Map.of("milestones", List.of(7500.5, 2000)), "2026-11-23T10:00:00Z"))
                .containsExactly(entry("big", "milestone:7500.5"));
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void cross_sell_finds_buyers_of_one_category_who_never_bought_another(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").save();
        long bob = data.customer("bob").save();
        long cy = data.customer("cy").save();
        Instant t = Instant.parse("2026-10-01T00:00:00Z");
        data.purchase(ann, 1000, "tea", t);
        data.purchase(bob, 1000, "tea", t);
        data.purchase(bob, 1000, "teapots", t);
        data.purchase(cy, 1000, "tea", t.minus(Duration.ofDays(400)));

        assertThat(members("cross-sell", Map.of("bought", "tea", "notBought", "teapots"), "2026-11-23T10:00:00Z"))
                .containsExactly(entry("ann", "once"), entry("cy", "once"));
        assertThat(members("cross-sell", Map.of("bought", "tea", "notBought", List.of("teapots", "cups"), "withinDays", 365),
                "2026-11-23T10:00:00Z")).containsOnlyKeys("ann");
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void reachable_segments_follow_the_channel_and_the_latest_sms_consent(TestDatabases.Factory factory) {
        open(factory);
        long ann = data.customer("ann").phone("+8613800138000").save();
        long bob = data.customer("bob").phone("+8613800138001").email(null).postalAddress("1 High St", "SW1A 1AA").save();
        data.customer("cy").phone("+8613800138002").save();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        data.consent(ann, "sms", true, t);
        data.consent(bob, "sms", true, t);
        data.consent(bob, "sms", false, t.plusSeconds(1));

        String now = "2026-11-23T10:00:00Z";
        assertThat(members("sms-opt-in", Map.of(), now)).containsExactly(entry("ann", "2026-11"));
        assertThat(members("everyone-reachable", Map.of("channel", "sms", "period", "week"), now))
                .containsExactly(entry("ann", "2026-W48"));
        assertThat(members("everyone-reachable", Map.of("channel", "postcard"), now)).containsOnlyKeys("bob");
        assertThat(members("everyone-reachable", Map.of(), now)).containsOnlyKeys("ann", "cy");
        long dee = data.customer("dee").phone("+8613800138003").email(null).save();
        data.consent(dee, "sms", true, t);
        data.customer("eve").phone("+8613800138004").email(null).save();
        assertThat(members("everyone-reachable", Map.of("channel", "postcard, sms"), now)).containsOnlyKeys("ann", "bob", "dee");
        assertThat(members("everyone-reachable", Map.of("channel", List.of("postcard", "email", "sms")), now))
                .containsOnlyKeys("ann", "bob", "cy", "dee");
        assertThatThrownBy(() -> members("everyone-reachable", Map.of("channel", "email, fax"), now))
                .hasMessageContaining("fax").hasMessageContaining("email, sms, postcard");
        assertThat(members("everyone-with-email", Map.of("period", "once"), now))
                .containsExactly(entry("ann", "once"), entry("cy", "once"));
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void holiday_today_greets_on_the_spring_festival_in_each_customers_own_time_zone(TestDatabases.Factory factory) {
        open(factory);
        data.customer("wang").inZone("Asia/Shanghai").save();
        data.customer("chen").inZone("America/New_York").save();
        Map<String, Object> cn = Map.of("region", "CN");

        // 5 February 2027 16:30 UTC: already the Spring Festival (6 February) in Shanghai, not in New York
        assertThat(members("holiday-today", cn, "2027-02-05T16:30:00Z"))
                .containsExactly(entry("wang", "holiday:spring-festival:2027"));
        assertThat(members("holiday-today", cn, "2027-02-06T16:30:00Z")).containsExactly(entry("chen", "holiday:spring-festival:2027"));
        assertThat(members("holiday-today", cn, "2028-01-26T14:00:00Z")).containsOnlyKeys("wang", "chen")
                .containsValue("holiday:spring-festival:2028");
        assertThat(members("holiday-today", Map.of("region", "CN", "holidays", List.of("mid-autumn")), "2027-02-06T04:00:00Z"))
                .isEmpty();
        assertThat(members("holiday-today", Map.of("region", "US"), "2026-11-26T12:00:00Z"))
                .containsExactly(entry("wang", "holiday:thanksgiving:2026"), entry("chen", "holiday:thanksgiving:2026"));
        assertThat(members("holiday-today", cn, "2027-03-03T04:00:00Z")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void any_built_in_narrows_with_a_filter_and_refuses_unknown_parameters(TestDatabases.Factory factory) {
        open(factory);
        data.customer("wang").bornOn("1985-11-24").country("CN").save();
        data.customer("smith").bornOn("1985-11-24").country("GB").save();

        assertThat(members("birthday-today", Map.of("filter", Map.of("field", "country", "op", "eq", "value", "GB")),
                "2026-11-24T12:00:00Z")).containsOnlyKeys("smith");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> segments.get("lapsed").validate(Map.of("factr", 2))).errors().get(0).field())
                .isEqualTo("segmentParams.factr");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> segments.get("rfm-tier").validate(Map.of("tier", "whales"))).getMessage()).contains("champions");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> segments.get("holiday-today").validate(Map.of("region", "CN", "holidays", "thanksgiving")))
                .getMessage()).contains("is not a holiday of CN");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> segments.get("after-sale").validate(Map.of())).errors().get(0).field()).isEqualTo("segmentParams.days");
    }
}
