package dev.girard.support;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import dev.girard.App;
import dev.girard.config.Config;

/** Builds Girard apps for tests: a temp SQLite file, a free port, and (optionally) an SMTP server. */
public final class TestApps {
    private TestApps() {
    }

    /** Configuration with the data folder in {@code dir}, a free HTTP port and the built-in templates. */
    public static Config config(Path dir, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("girard.data.dir", dir.toString());
        values.put("girard.http.port", "0");
        values.put("girard.templates.dir", "");
        values.putAll(overrides);
        return Config.of(values);
    }

    /** Configuration that sends to a plain SMTP server on 127.0.0.1. */
    public static Config smtpConfig(Path dir, int smtpPort, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("girard.smtp.host", "127.0.0.1");
        values.put("girard.smtp.port", String.valueOf(smtpPort));
        values.put("girard.smtp.security", "none");
        values.putAll(overrides);
        return config(dir, values);
    }

    /** Adds admin-page users, each {@code {name, role}}, all with the same password. */
    public static void addUsers(App app, String password, String[]... users) {
        for (String[] user : users) {
            app.users.addUser(user[0], user[1]);
            app.users.setPassword(user[0], password);
        }
    }

    public static App serve(Config config) {
        return App.serve(config, Clock.systemUTC());
    }
}
