package dev.girard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.girard.channel.Channel;
import dev.girard.customer.Customer;

class QuietHoursTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final QuietHours hours = QuietHours.parse("08:00-21:00", "US=09:00-20:00", ZoneId.of("UTC"));

    private static Customer customer(String phone, String zone) {
        return new Customer(1L, "c1", "Fang", "Wang", null, phone, null, null, null, null, null, null, null, "zh-CN", zone,
                Map.of(), null, null);
    }

    private static Instant at(String local, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), zone).toInstant();
    }

    @Test
    void a_text_due_at_half_past_nine_in_the_evening_waits_for_eight_the_next_morning() {
        Optional<Channel.Wait> wait = hours.waitUntil(customer("+8613800138000", "Asia/Shanghai"),
                at("2026-11-23T21:30", SHANGHAI));
        assertThat(wait).isPresent();
        assertThat(wait.get().until()).isEqualTo(at("2026-11-24T08:00", SHANGHAI));
        assertThat(wait.get().reason()).isEqualTo("quiet hours: 21:30 in Asia/Shanghai is outside 08:00-21:00; "
                + "deferred to 2026-11-24T08:00+08:00");
    }

    @Test
    void early_morning_waits_for_eight_the_same_day_and_daytime_goes_at_once() {
        assertThat(hours.waitUntil(customer("+8613800138000", "Asia/Shanghai"), at("2026-11-23T06:59", SHANGHAI)))
                .map(Channel.Wait::until).contains(at("2026-11-23T08:00", SHANGHAI));
        assertThat(hours.waitUntil(customer("+8613800138000", "Asia/Shanghai"), at("2026-11-23T08:00", SHANGHAI))).isEmpty();
        assertThat(hours.waitUntil(customer("+8613800138000", "Asia/Shanghai"), at("2026-11-23T20:59", SHANGHAI))).isEmpty();
    }

    @Test
    void without_a_customer_zone_the_number_decides_and_its_country_may_have_other_hours() {
        Customer newYorker = customer("+12125550100", null);
        // 08:30 in New York: inside the default hours, but the US hours start at 09:00
        assertThat(hours.waitUntil(newYorker, at("2026-11-23T08:30", NEW_YORK)))
                .map(Channel.Wait::until).contains(at("2026-11-23T09:00", NEW_YORK));
        assertThat(hours.waitUntil(newYorker, at("2026-11-23T20:00", NEW_YORK)))
                .map(Channel.Wait::until).contains(at("2026-11-24T09:00", NEW_YORK));
        assertThat(hours.waitUntil(newYorker, at("2026-11-23T12:00", NEW_YORK))).isEmpty();
    }

    @Test
    void a_number_that_may_be_in_several_zones_waits_until_it_is_daytime_in_all_of_them() throws Exception {
        // an Australian mobile: anywhere from Perth (UTC+8) to Sydney (UTC+11 in November)
        Customer australian = customer("+61412345678", null);
        Instant due = at("2026-11-23T08:30", ZoneId.of("Australia/Sydney"));
        Instant until = hours.waitUntil(australian, due).orElseThrow().until();
        for (String zone : new String[] {"Australia/Perth", "Australia/Sydney", "Australia/Adelaide"}) {
            LocalTime local = until.atZone(ZoneId.of(zone)).toLocalTime();
            assertThat(local).as(zone).isBetween(LocalTime.of(8, 0), LocalTime.of(20, 59));
        }
        // and no later than needed: it is 08:00 in the westernmost of them (Cocos Islands, UTC+6:30)
        var number = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().parse("+61412345678", "ZZ");
        assertThat(com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number))
                .anySatisfy(zone -> assertThat(until.atZone(ZoneId.of(zone)).toLocalTime()).isEqualTo(LocalTime.of(8, 0)));
    }

    @Test
    void a_window_may_run_past_midnight() {
        QuietHours nights = QuietHours.parse("22:00-06:00", "", ZoneId.of("UTC"));
        Customer fang = customer("+8613800138000", "Asia/Shanghai");
        assertThat(nights.waitUntil(fang, at("2026-11-23T12:00", SHANGHAI)))
                .map(Channel.Wait::until).contains(at("2026-11-23T22:00", SHANGHAI));
        assertThat(nights.waitUntil(fang, at("2026-11-23T23:30", SHANGHAI))).isEmpty();
        assertThat(nights.waitUntil(fang, at("2026-11-24T05:59", SHANGHAI))).isEmpty();
        assertThat(nights.waitUntil(fang, at("2026-11-24T06:00", SHANGHAI)))
                .map(Channel.Wait::until).contains(at("2026-11-24T22:00", SHANGHAI));
    }

    @Test
    void the_same_start_and_end_means_any_time() {
        QuietHours always = QuietHours.parse("00:00-00:00", "", ZoneId.of("UTC"));
        assertThat(always.waitUntil(customer("+8613800138000", "Asia/Shanghai"), at("2026-11-23T03:00", SHANGHAI))).isEmpty();
    }
}
