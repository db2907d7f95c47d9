package dev.girard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.girard.channel.sms.SmsSegments.Count;
import dev.girard.channel.sms.SmsSegments.Encoding;

class SmsSegmentsTest {
    @Test
    void one_hundred_sixty_gsm_characters_fit_one_segment_and_one_more_makes_two() {
        assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(new Count(Encoding.GSM_7, 160, 160, 1));
        assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(new Count(Encoding.GSM_7, 161, 161, 2));
        assertThat(SmsSegments.count("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsSegments.count("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void seventy_chinese_characters_fit_one_segment_and_one_more_makes_two() {
        assertThat(SmsSegments.count("好".repeat(70))).isEqualTo(new Count(Encoding.UCS_2, 70, 70, 1));
        assertThat(SmsSegments.count("好".repeat(71))).isEqualTo(new Count(Encoding.UCS_2, 71, 71, 2));
        assertThat(SmsSegments.count("好".repeat(134)).segments()).isEqualTo(2);
        assertThat(SmsSegments.count("好".repeat(135)).segments()).isEqualTo(3);
    }

    @Test
    void the_euro_sign_is_a_gsm_extension_character_and_counts_two() {
        Count count = SmsSegments.count("a".repeat(159) + "€");
        assertThat(count).isEqualTo(new Count(Encoding.GSM_7, 160, 161, 2));
        assertThat(SmsSegments.count("a".repeat(158) + "€").segments()).isEqualTo(1);
    }

    @Test
    void an_extension_character_is_not_split_across_two_parts() {
        // 152 septets, then € (two) does not fit the first part's 153: it opens the second part
        Count count = SmsSegments.count("a".repeat(152) + "€" + "a".repeat(152));
        assertThat(count.units()).isEqualTo(306);
        assertThat(count.segments()).isEqualTo(3);
    }

    @Test
    void one_character_outside_the_gsm_alphabet_turns_the_whole_text_into_ucs2() {
        Count count = SmsSegments.count("Hello 王芳");
        assertThat(count.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(count.characters()).isEqualTo(8);
        assertThat(SmsSegments.count("Crème brûlée").encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(SmsSegments.count("Pokémon à Zürich").encoding()).isEqualTo(Encoding.GSM_7);
    }

    @Test
    void an_emoji_is_one_character_but_two_ucs2_units() {
        Count count = SmsSegments.count("🎂".repeat(35));
        assertThat(count).isEqualTo(new Count(Encoding.UCS_2, 35, 70, 1));
        assertThat(SmsSegments.count("🎂".repeat(36)).segments()).isEqualTo(2);
    }

    @Test
    void the_cost_is_the_segments_times_the_price() {
        assertThat(SmsSegments.count("a".repeat(161)).costMicros(45_000)).isEqualTo(90_000);
        assertThat(SmsSegments.count("").segments()).isZero();
    }
}
