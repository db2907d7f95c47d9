package dev.girard.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every word on the admin page exists in English and in Chinese. */
class MessagesTest {
    private final Messages messages = new Messages();

    @Test
    void english_and_chinese_have_the_same_keys() {
        Set<String> en = new TreeSet<>(messages.bundle("en").keySet());
        Set<String> zh = new TreeSet<>(messages.bundle("zh").keySet());
        assertThat(zh).isEqualTo(en);
    }

    @Test
    void every_key_a_page_uses_exists() throws IOException {
        Pattern key = Pattern.compile("t\\(\"([a-z0-9._]+)\"");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> pages = Files.list(Path.of("src/main/resources/admin/pages"))) {
            for (Path page : pages.toList()) {
                Matcher m = key.matcher(Files.readString(page));
                while (m.find()) {
                    String k = m.group(1);
                    // keys ending in a dot are prefixes completed at run time (status., role., ...)
                    if (!k.endsWith(".") && !messages.bundle("en").containsKey(k)) {
                        missing.add(page.getFileName() + ": " + k);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void every_filter_field_has_a_name_for_the_segment_builder() {
        for (dev.girard.segment.SegmentRegistry.FilterField field : dev.girard.segment.SegmentRegistry.filterFields()) {
            for (String lang : Messages.LANGUAGES) {
                assertThat(messages.bundle(lang).containsKey("builder.field." + field.name())).as(lang + " " + field.name()).isTrue();
            }
        }
    }

    @Test
    void the_language_is_the_users_setting_else_the_browsers_else_english() {
        assertThat(Messages.choose("zh", "en-US,en;q=0.9")).isEqualTo("zh");
        assertThat(Messages.choose(null, "zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo("zh");
        assertThat(Messages.choose(null, "de-DE,de;q=0.9,zh-TW;q=0.5")).isEqualTo("zh");
        assertThat(Messages.choose(null, "fr-FR")).isEqualTo("en");
        assertThat(Messages.choose(null, "not a header;;")).isEqualTo("en");
        assertThat(Messages.choose(null, null)).isEqualTo("en");
    }

    @Test
    void messages_fill_in_numbers() {
        assertThat(messages.text("en", "campaign.audience", 1234)).isEqualTo("1,234 customers would get it now");
        assertThat(messages.text("zh", "campaign.audience", 8)).isEqualTo("现在会有 8 位顾客收到");
        assertThat(messages.text("en", "no.such.key")).isEqualTo("??no.such.key??");
    }
}
