package dev.girard.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class BirthdayTodayTest {
    @Test
    void a_leap_day_birthday_is_celebrated_on_the_28th_in_other_years() {
        LocalDate leapDay = LocalDate.of(1992, 2, 29);
        assertThat(BirthdayToday.isBirthday(leapDay, LocalDate.of(2027, 2, 28))).isTrue();
        assertThat(BirthdayToday.isBirthday(leapDay, LocalDate.of(2028, 2, 28))).isFalse();
        assertThat(BirthdayToday.isBirthday(leapDay, LocalDate.of(2028, 2, 29))).isTrue();
    }

    @Test
    void an_ordinary_birthday_matches_its_month_and_day_only() {
        LocalDate born = LocalDate.of(1980, 11, 23);
        assertThat(BirthdayToday.isBirthday(born, LocalDate.of(2026, 11, 23))).isTrue();
        assertThat(BirthdayToday.isBirthday(born, LocalDate.of(2026, 11, 24))).isFalse();
    }
}
