package dev.girard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        Path file = dir.resolve("girard.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void environment_variables_override_the_file() throws Exception {
        Config config = Config.load(file("girard.smtp.host=mail.example.com\n"),
                Map.of("GIRARD_SMTP_HOST", "smtp.internal", "PATH", "/usr/bin"), new Properties());
        assertThat(config.get(ConfigKey.SMTP_HOST)).isEqualTo("smtp.internal");
    }

    @Test
    void an_unknown_key_stops_the_start_with_its_name() throws Exception {
        Path file = file("girard.smtp.hots=mail.example.com\n");
        assertThatThrownBy(() -> Config.load(file, Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key girard.smtp.hots");
        assertThatThrownBy(() -> Config.load(null, Map.of("GIRARD_SMTP_PORTT", "25"), new Properties()))
                .hasMessageContaining("girard.smtp.portt").hasMessageContaining("GIRARD_SMTP_PORTT");
    }

    @Test
    void an_invalid_value_names_the_key_and_what_is_valid() throws Exception {
        Path file = file("girard.http.port=seventy\ngirard.timezone=Mars/Olympus\n");
        assertThatThrownBy(() -> Config.load(file, Map.of(), new Properties()))
                .hasMessageContaining("girard.http.port = 'seventy' must be a whole number from 0 to 65535")
                .hasMessageContaining("girard.timezone = 'Mars/Olympus' must be an IANA time zone");
    }

    @Test
    void secrets_are_masked_in_the_start_up_line_and_in_errors() throws Exception {
        Config config = Config.load(null, Map.of("GIRARD_SMTP_PASSWORD", "hunter2", "GIRARD_DB_PASSWORD", "s3cret"),
                new Properties());
        assertThat(config.describe()).contains("girard.smtp.password=****").doesNotContain("hunter2").doesNotContain("s3cret");
        assertThat(config.get(ConfigKey.SMTP_PASSWORD)).isEqualTo("hunter2");
    }

    @Test
    void every_key_is_documented_in_the_shipped_properties_file() throws Exception {
        String shipped = Files.readString(Path.of("config/girard.properties"));
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(shipped).as(key.key()).contains("#" + key.key() + "=" + key.defaultValue());
        }
        assertThat(Config.load(Path.of("config/girard.properties"), Map.of(), new Properties()).describe())
                .contains("girard.http.port=7070");
    }
}
