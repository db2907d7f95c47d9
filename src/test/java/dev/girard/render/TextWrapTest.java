package dev.girard.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextWrapTest {
    @Test
    void latin_text_breaks_at_spaces_within_the_width() {
        String wrapped = TextWrap.wrap("Thank you for your trust, your visits and your kind words throughout the year.", 30);
        assertThat(wrapped.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(30));
        assertThat(wrapped.replace("\n", " ")).isEqualTo("Thank you for your trust, your visits and your kind words throughout the year.");
    }

    @Test
    void chinese_counts_two_columns_and_never_starts_a_line_with_closing_punctuation() {
        String text = "十一月，天渐渐冷了，正是该说声谢谢的时候。谢谢您这一年来的信任、每一次光临和每一句鼓励。";
        String wrapped = TextWrap.wrap(text, 20);
        assertThat(wrapped.replace("\n", "")).isEqualTo(text);
        assertThat(wrapped.lines()).allSatisfy(l -> {
            assertThat(l.length() * 2).isLessThanOrEqualTo(20);
            assertThat("，。、").doesNotContain(l.substring(0, 1));
        });
    }

    @Test
    void a_long_url_keeps_a_line_of_its_own_and_short_lines_are_untouched() {
        String url = "https://shop.example.com/u/aVeryLongTokenThatDoesNotFitOnOneLineAtAll1234567890";
        assertThat(TextWrap.wrap("Unsubscribe: " + url, 40)).isEqualTo("Unsubscribe:\n" + url);
        assertThat(TextWrap.wrap("short\n\nlines", 40)).isEqualTo("short\n\nlines");
    }
}
