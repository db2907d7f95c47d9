package dev.girard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.girard.core.InvalidInputException;

class ScheduleChoiceTest {
    @Test
    void common_choices_become_cron_and_read_back_as_the_same_choice() {
        assertThat(ScheduleChoice.of("monthly", "1", null, "09:00", null, null).toCron()).isEqualTo("0 0 9 1 * ?");
        assertThat(ScheduleChoice.of("daily", null, null, "07:30", null, null).toCron()).isEqualTo("0 30 7 * * ?");
        assertThat(ScheduleChoice.of("yearly", "25", "12", "10:00", null, null).toCron()).isEqualTo("0 0 10 25 12 ?");
        assertThat(ScheduleChoice.of("minutes", null, null, null, "5", null).toCron()).isEqualTo("0 0/5 * * * ?");
        for (String cron : new String[] {"0 0 9 1 * ?", "0 30 7 * * ?", "0 0 10 25 12 ?", "0 0/5 * * * ?"}) {
            assertThat(ScheduleChoice.parse(cron).toCron()).isEqualTo(cron);
            assertThat(ScheduleChoice.parse(cron).kind()).isNotEqualTo(ScheduleChoice.Kind.CRON);
        }
        assertThat(ScheduleChoice.parse("0 15 10 ? * MON-FRI").kind()).isEqualTo(ScheduleChoice.Kind.CRON);
    }

    @Test
    void the_schedule_reads_in_plain_english_and_chinese() {
        ScheduleChoice monthly = ScheduleChoice.parse("0 0 9 1 * ?");
        assertThat(monthly.describe("en", "Asia/Shanghai")).isEqualTo("Monthly on day 1 at 09:00 (Asia/Shanghai)");
        assertThat(monthly.describe("zh", "Asia/Shanghai")).isEqualTo("每月1日 09:00（Asia/Shanghai）");
        assertThat(ScheduleChoice.parse("0 0 10 25 12 ?").describe("en", "UTC")).isEqualTo("Every year on December 25 at 10:00 (UTC)");
        assertThat(ScheduleChoice.parse("0 0 9 * * ?").describe("en", "UTC")).contains("Every day at 09:00").contains("birthday");
    }

    @Test
    void out_of_range_values_name_the_field() {
        assertThatThrownBy(() -> ScheduleChoice.of("monthly", "31", null, "09:00", null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("day").hasMessageContaining("1 to 28");
        assertThatThrownBy(() -> ScheduleChoice.of("daily", null, null, "25:00", null, null))
                .hasMessageContaining("time").hasMessageContaining("HH:MM");
        assertThatThrownBy(() -> ScheduleChoice.of("weekly", null, null, null, null, null)).hasMessageContaining("schedule");
    }
}
