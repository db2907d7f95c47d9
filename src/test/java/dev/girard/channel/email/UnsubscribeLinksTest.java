package dev.girard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.config.Config;
import dev.girard.config.ConfigException;

/** Where the key that signs unsubscribe links comes from, and what a link accepts. */
class UnsubscribeLinksTest {
    @TempDir
    Path dir;

    private Config config(Map<String, String> extra) {
        return Config.of(new java.util.HashMap<>(Map.of("girard.data.dir", dir.toString())) {
            {
                putAll(extra);
            }
        });
    }

    @Test
    void on_a_single_node_without_a_configured_key_one_is_made_once_kept_private_and_reused() throws Exception {
        UnsubscribeLinks first = UnsubscribeLinks.fromConfig(config(Map.of()), true, () -> "https://shop.example");
        Path file = dir.resolve(UnsubscribeLinks.KEY_FILE);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        UnsubscribeLinks afterRestart = UnsubscribeLinks.fromConfig(config(Map.of()), true, () -> "https://shop.example");
        assertThat(afterRestart.token(12, 3)).isEqualTo(first.token(12, 3));
        assertThat(first.url(12, 3)).startsWith("https://shop.example/u/12.3.");
        assertThat(afterRestart.verify(first.token(12, 3))).contains(new UnsubscribeLinks.Subject(12, 3));
    }

    @Test
    void several_nodes_refuse_to_start_without_a_configured_key_and_a_short_key_is_refused() {
        assertThatThrownBy(() -> UnsubscribeLinks.fromConfig(config(Map.of()), false, () -> ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("girard.unsubscribe.secret must be set")
                .hasMessageContaining("GIRARD_UNSUBSCRIBE_SECRET");
        assertThatThrownBy(() -> config(Map.of("girard.unsubscribe.secret", "too-short")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("girard.unsubscribe.secret = **** must be at least 32 characters");
        assertThat(Files.exists(dir.resolve(UnsubscribeLinks.KEY_FILE))).isFalse();
    }

    @Test
    void a_configured_key_signs_and_only_an_unchanged_token_verifies() {
        String secret = "k7Vq2mW9xZ4pL8nR3tY6uB1cD5eF0gH2";
        UnsubscribeLinks links = UnsubscribeLinks.fromConfig(config(Map.of("girard.unsubscribe.secret", secret)), false,
                () -> "https://shop.example");
        UnsubscribeLinks otherKey = UnsubscribeLinks.fromConfig(config(Map.of(
                "girard.unsubscribe.secret", secret.replace('k', 'j'))), false, () -> "https://shop.example");
        String token = links.token(42, 7);

        assertThat(links.verify(token)).contains(new UnsubscribeLinks.Subject(42, 7));
        assertThat(otherKey.verify(token)).as("signed with another key").isEmpty();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(links.verify("43.7." + signature)).as("another customer").isEmpty();
        assertThat(links.verify("42.8." + signature)).as("another campaign").isEmpty();
        for (int i = 0; i < signature.length(); i++) {
            char changed = signature.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = "42.7." + signature.substring(0, i) + changed + signature.substring(i + 1);
            assertThat(links.verify(tampered)).as("character %d changed", i).isEmpty();
        }
        for (String malformed : new String[] {"", "42.7", "42.7.", "0.7." + signature, "-1.7." + signature,
                "99999999999999999999.7." + signature, token + "x", null}) {
            assertThat(links.verify(malformed)).as(String.valueOf(malformed)).isEmpty();
        }
    }
}
