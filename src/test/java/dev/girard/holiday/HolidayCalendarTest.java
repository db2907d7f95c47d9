package dev.girard.holiday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class HolidayCalendarTest {
    private static LocalDate date(String region, String id, int year) {
        return HolidayCalendar.year(region, year).stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow().date();
    }

    @Test
    void spring_festival_comes_from_the_lunar_calendar() {
        assertThat(date("CN", "spring-festival", 2026)).isEqualTo(LocalDate.of(2026, 2, 17));
        assertThat(date("CN", "spring-festival", 2027)).isEqualTo(LocalDate.of(2027, 2, 6));
        assertThat(date("CN", "spring-festival", 2028)).isEqualTo(LocalDate.of(2028, 1, 26));
    }

    @Test
    void dragon_boat_and_mid_autumn_move_with_the_moon() {
        assertThat(date("CN", "dragon-boat", 2026)).isEqualTo(LocalDate.of(2026, 6, 19));
        assertThat(date("CN", "dragon-boat", 2027)).isEqualTo(LocalDate.of(2027, 6, 9));
        assertThat(date("CN", "mid-autumn", 2026)).isEqualTo(LocalDate.of(2026, 9, 25));
        assertThat(date("CN", "mid-autumn", 2027)).isEqualTo(LocalDate.of(2027, 9, 15));
        assertThat(date("CN", "lantern-festival", 2027)).isEqualTo(LocalDate.of(2027, 2, 20));
    }

    @Test
    void easter_mothers_day_and_thanksgiving_follow_their_rules() {
        assertThat(date("US", "easter", 2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(date("US", "easter", 2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(date("GB", "easter", 2028)).isEqualTo(LocalDate.of(2028, 4, 16));
        assertThat(date("US", "mothers-day", 2026)).isEqualTo(LocalDate.of(2026, 5, 10));
        assertThat(date("GB", "mothers-day", 2026)).as("Mothering Sunday").isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(date("CN", "mothers-day", 2027)).isEqualTo(LocalDate.of(2027, 5, 9));
        assertThat(date("US", "thanksgiving", 2026)).isEqualTo(LocalDate.of(2026, 11, 26));
        assertThat(date("US", "thanksgiving", 2027)).isEqualTo(LocalDate.of(2027, 11, 25));
    }

    @Test
    void fixed_holidays_and_what_falls_on_a_day() {
        assertThat(HolidayCalendar.on("CN", LocalDate.of(2027, 10, 1))).extracting(Holiday::id).containsExactly("national-day");
        assertThat(HolidayCalendar.on("GB", LocalDate.of(2027, 12, 26))).extracting(Holiday::id).containsExactly("boxing-day");
        assertThat(HolidayCalendar.on("US", LocalDate.of(2027, 3, 1))).isEmpty();
    }

    @Test
    void names_are_in_the_customers_language_with_english_as_the_fallback() {
        Holiday festival = HolidayCalendar.find("spring-festival", 2027).orElseThrow();
        assertThat(festival.name("zh-CN")).isEqualTo("春节");
        assertThat(festival.name("zh_TW")).isEqualTo("春节");
        assertThat(festival.name("en-GB")).isEqualTo("Spring Festival");
        assertThat(festival.name("fr-FR")).isEqualTo("Spring Festival");
        assertThat(festival.name(null)).isEqualTo("Spring Festival");
    }

    @Test
    void the_precise_new_moon_matches_the_published_instants() {
        // Meeus, Astronomical Algorithms, example 49.a: new moon k = -283 at JDE 2443192.65118
        assertThat(NewMoon.jde(-283)).isCloseTo(2443192.65118, offset(0.00002));
        // 6 February 2027, 15:56 UTC: 23:56 in Beijing, so the lunar new year is on the 6th
        Instant moon = NewMoon.nearest(LocalDate.of(2027, 2, 6));
        assertThat(moon).isBetween(Instant.parse("2027-02-06T15:54:00Z"), Instant.parse("2027-02-06T15:58:00Z"));
        assertThat(NewMoon.chinaDateNear(LocalDate.of(2027, 2, 7))).isEqualTo(LocalDate.of(2027, 2, 6));
    }

    @Test
    void lunar_new_years_of_a_decade_match_the_almanac() {
        int[][] expected = {{2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1}, {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29},
                {2026, 2, 17}, {2027, 2, 6}, {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 3}};
        for (int[] e : expected) {
            assertThat(date("CN", "spring-festival", e[0])).as("Spring Festival " + e[0])
                    .isEqualTo(LocalDate.of(e[0], e[1], e[2]));
        }
    }
}
