package dev.girard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * One immutable snapshot of the configuration. Sources, later ones winning: built-in defaults,
 * the properties file, environment variables ({@code GIRARD_SMTP_HOST} for {@code girard.smtp.host}),
 * then system properties. Unknown keys and invalid values are refused with a message naming the key.
 */
public final class Config {
    private static final String ENV_PREFIX = "GIRARD_";

    private final Map<ConfigKey, String> values;

    private Config(Map<ConfigKey, String> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** Loads from a file (which may be absent), the process environment and system properties. */
    public static Config load(Path file) {
        return load(file, System.getenv(), System.getProperties());
    }

    public static Config load(Path file, Map<String, String> environment, Properties systemProperties) {
        Properties fromFile = new Properties();
        if (file != null && Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
            }
        }
        List<String> problems = new ArrayList<>();
        Map<ConfigKey, String> values = defaults();
        for (String name : fromFile.stringPropertyNames()) {
            apply(values, problems, name, fromFile.getProperty(name), "in " + file);
        }
        for (Map.Entry<String, String> env : environment.entrySet()) {
            if (env.getKey().startsWith(ENV_PREFIX)) {
                String name = env.getKey().toLowerCase(java.util.Locale.ROOT).replace('_', '.');
                apply(values, problems, name, env.getValue(), "from environment variable " + env.getKey());
            }
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("girard.")) {
                apply(values, problems, name, systemProperties.getProperty(name), "from system property");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid configuration:\n  " + String.join("\n  ", problems));
        }
        return new Config(values);
    }

    /** Built-in defaults with the given overrides; unknown keys and invalid values are refused. */
    public static Config of(Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        Map<ConfigKey, String> values = defaults();
        overrides.forEach((k, v) -> apply(values, problems, k, v, "given"));
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid configuration:\n  " + String.join("\n  ", problems));
        }
        return new Config(values);
    }

    private static Map<ConfigKey, String> defaults() {
        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            values.put(key, key.defaultValue());
        }
        return values;
    }

    private static void apply(Map<ConfigKey, String> values, List<String> problems, String name, String raw, String source) {
        var key = ConfigKey.byName(name);
        if (key.isEmpty()) {
            problems.add("unknown key " + name + " (" + source + ")");
            return;
        }
        String value = raw.strip();
        String problem = key.get().validator().check(value);
        if (problem != null) {
            String shown = key.get().secret() ? "****" : "'" + value + "'";
            problems.add(name + " = " + shown + " " + problem + " (" + source + ")");
            return;
        }
        values.put(key.get(), value);
    }

    public String get(ConfigKey key) {
        return values.get(key);
    }

    public int getInt(ConfigKey key) {
        return Integer.parseInt(values.get(key).trim());
    }

    /** An amount key (such as 0.05) in millionths of the unit. */
    public long micros(ConfigKey key) {
        return new java.math.BigDecimal(values.get(key)).movePointRight(6).longValueExact();
    }

    public Path dataDir() {
        return Path.of(get(ConfigKey.DATA_DIR));
    }

    public String dbUrl() {
        String url = get(ConfigKey.DB_URL);
        return url.isEmpty() ? "jdbc:sqlite:" + dataDir().resolve("girard.db") : url;
    }

    public Path outboxDir() {
        String dir = get(ConfigKey.OUTBOX_DIR);
        return dir.isEmpty() ? dataDir().resolve("outbox") : Path.of(dir);
    }

    public Path postcardDir() {
        String dir = get(ConfigKey.POSTCARD_DIR);
        return dir.isEmpty() ? dataDir().resolve("postcards") : Path.of(dir);
    }

    public Path logDir() {
        return dataDir().resolve("logs");
    }

    public ZoneId defaultZone() {
        return ZoneId.of(get(ConfigKey.TIMEZONE));
    }

    public String baseUrl(int actualPort) {
        String url = get(ConfigKey.BASE_URL);
        if (!url.isEmpty()) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        return "http://localhost:" + actualPort;
    }

    public boolean smtpConfigured() {
        return !get(ConfigKey.SMTP_HOST).isEmpty();
    }

    /** Extra CSV header names per import field, from {@link ConfigKey#IMPORT_COLUMNS}. */
    public Map<String, List<String>> importColumnAliases() {
        return parseColumnAliases(get(ConfigKey.IMPORT_COLUMNS));
    }

    /**
     * Parses {@code field=Name|Other name; field2=Name}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Map<String, List<String>> parseColumnAliases(String value) {
        Map<String, List<String>> aliases = new java.util.LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String field = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (eq < 0 || field.isEmpty() || !field.matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("must be field=Header name|Other name; ... (e.g. email=Mail|电邮), not '"
                        + entry.strip() + "'");
            }
            List<String> names = java.util.Arrays.stream(entry.substring(eq + 1).split("\\|")).map(String::strip)
                    .filter(n -> !n.isEmpty()).toList();
            if (names.isEmpty()) {
                throw new IllegalArgumentException("names no header for the field " + field);
            }
            aliases.computeIfAbsent(field, f -> new ArrayList<>()).addAll(names);
        }
        return aliases;
    }

    /** A copy with one value replaced (validated like any other source). */
    public Config with(ConfigKey key, String value) {
        String problem = key.validator().check(value);
        if (problem != null) {
            throw new ConfigException(key.key() + " = '" + value + "' " + problem);
        }
        Map<ConfigKey, String> copy = new EnumMap<>(values);
        copy.put(key, value);
        return new Config(copy);
    }

    /** Every key and value on one line, secrets masked: for the start-up log. */
    public String describe() {
        StringJoiner joiner = new StringJoiner(", ");
        for (ConfigKey key : ConfigKey.values()) {
            String value = values.get(key);
            if (key.secret() && !value.isEmpty()) {
                value = "****";
            }
            joiner.add(key.key() + "=" + value);
        }
        return joiner.toString();
    }
}
