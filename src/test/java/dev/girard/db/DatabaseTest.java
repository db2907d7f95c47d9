package dev.girard.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

import dev.girard.support.Databases;
import dev.girard.support.TestDatabase;
import dev.girard.support.Waiting;

class DatabaseTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(Databases.class)
    void the_migrations_create_every_table_on_each_database_and_run_once(TestDatabase kind) {
        Map<String, String> settings = kind.settings(dir);
        var config = dev.girard.support.TestApps.config(dir, settings);
        try (Database database = Database.open(config)) {
            assertThat(database.dialect().id()).isEqualTo(kind.toString());
            for (String table : List.of("customers", "purchases", "campaigns", "runs", "deliveries", "suppressions",
                    "consents", "customer_stats", "imports", "qrtz_triggers", "qrtz_scheduler_state")) {
                int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
                assertThat(rows).as(table).isZero();
            }
        }
        try (Database again = Database.open(config)) {
            int migrations = again.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL").mapTo(Integer.class).one());
            assertThat(migrations).as("every migration applied once").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void on_sqlite_what_the_gates_writers_commit_is_copied_into_the_database_file_without_them() throws IOException {
        Path file = dir.resolve("checkpointed.db");
        var config = dev.girard.support.TestApps.config(dir, Map.of("girard.db.url", "jdbc:sqlite:" + file));
        try (Database database = Database.open(config)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE filler (n INTEGER, pad TEXT)"));
            long before = Files.size(file);
            // about 2 MB in one commit on the gate's connection: far below the size at which it checkpoints itself
            database.writeGate().transaction(database.jdbi(), statements -> {
                var insert = statements.prepare("INSERT INTO filler (n, pad) VALUES (?, ?)");
                for (int i = 0; i < 500; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "x".repeat(4000));
                    insert.executeUpdate();
                }
                return null;
            });

            awaitFileSize(file, before + 1_500_000, "the 500 rows");
            int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM filler").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(500);
        }
    }

    /** Until the database file (not its write-ahead log) has at least {@code size} bytes. */
    private static void awaitFileSize(Path file, long size, String what) {
        Waiting.until(what + " in the database file", Duration.ofSeconds(10), Duration.ofMillis(20), () -> {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, bytes -> bytes >= size);
    }

    @Test
    void the_tests_postgresql_is_a_version_girard_supports() {
        try (Database database = TestDatabase.POSTGRESQL.open(dir)) {
            int version = database.jdbi().withHandle(h -> h.createQuery("SHOW server_version_num").mapTo(Integer.class).one());
            assertThat(version).as("PostgreSQL 15 or later").isGreaterThanOrEqualTo(150000);
        }
    }
}
