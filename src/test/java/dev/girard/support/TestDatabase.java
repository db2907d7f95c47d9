package dev.girard.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.girard.config.Config;
import dev.girard.db.Database;

/**
 * A database for one test: SQLite in the test's own folder, or a fresh database on the test JVM's
 * PostgreSQL server. Each call of {@link #settings} makes a new, empty database.
 */
public enum TestDatabase {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String id;

    TestDatabase(String id) {
        this.id = id;
    }

    /** The configuration keys that point Girard at a new, empty database of this kind. */
    public Map<String, String> settings(Path dir) {
        if (this == SQLITE) {
            return Map.of("girard.db.url", "jdbc:sqlite:" + dir.resolve("girard-" + System.nanoTime() + ".db"));
        }
        Map<String, String> settings = new HashMap<>(PostgresServer.shared().newDatabase());
        // nodes sharing a database must share the key that signs unsubscribe links
        settings.put("girard.unsubscribe.secret", "unsubscribe-links-key-for-tests-0123456789");
        return settings;
    }

    /** Configuration like {@link TestApps#config} on a new database of this kind. */
    public Config config(Path dir, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(settings(dir));
        values.putAll(overrides);
        return TestApps.config(dir, values);
    }

    /** Configuration like {@link TestApps#smtpConfig} on a new database of this kind. */
    public Config smtpConfig(Path dir, int smtpPort, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(settings(dir));
        values.putAll(overrides);
        return TestApps.smtpConfig(dir, smtpPort, values);
    }

    /** A new, empty, migrated database of this kind (for store tests that need no server). */
    public Database open(Path dir) {
        return Database.open(config(dir, Map.of()));
    }

    @Override
    public String toString() {
        return id;
    }
}
