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
            // a page a row, past the checkpointer's threshold and below the gate connection's own limit, in one commit
            int rows = Database.CHECKPOINT_FRAMES + 500;
            fill(database, 0, rows);

            awaitFileSize(file, before + (long) rows * 4000, "the " + rows + " rows");
            int counted = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM filler").mapTo(Integer.class).one());
            assertThat(counted).isEqualTo(rows);
        }
    }

    @Test
    void on_sqlite_a_log_below_the_checkpointers_threshold_stays_in_the_log() throws IOException, InterruptedException {
        Path file = dir.resolve("uncopied.db");
        var config = dev.girard.support.TestApps.config(dir, Map.of("girard.db.url", "jdbc:sqlite:" + file));
        try (Database database = Database.open(config)) {
            database.jdbi().useHandle(h -> h.execute("CREATE TABLE filler (n INTEGER, pad TEXT)"));
            awaitLogCopied(database);
            long before = Files.size(file);
            int rows = Database.CHECKPOINT_FRAMES / 4;
            fill(database, 0, rows);

            // ten of the checkpointer's looks at the log: a checkpoint on a clock would have copied the rows
            Thread.sleep(500);
            assertThat(Files.size(file)).as("the database file, the rows still in the log").isEqualTo(before);
            int[] log = walFrames(database);
            assertThat(log[0] - log[1]).as("frames in the log not copied").isGreaterThanOrEqualTo(rows);

            // more rows take the log past the threshold: all of it is copied
            fill(database, rows, Database.CHECKPOINT_FRAMES);
            awaitFileSize(file, before + (long) (rows + Database.CHECKPOINT_FRAMES) * 4000, "all the rows");
        }
    }

    /** Inserts {@code count} rows of about 4 KB (a page each) from {@code from} in one commit at the gate. */
    private static void fill(Database database, int from, int count) {
        database.writeGate().transaction(database.jdbi(), statements -> {
            var insert = statements.prepare("INSERT INTO filler (n, pad) VALUES (?, ?)");
            for (int i = from; i < from + count; i++) {
                insert.setInt(1, i);
                insert.setString(2, "x".repeat(4000));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The frames in the write-ahead log and how many of them are copied into the database. */
    private static int[] walFrames(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(NOOP)")
                .map((rs, ctx) -> new int[] {rs.getInt(2), rs.getInt(3)}).one());
    }

    /** Copies what the log holds so far (the migrations' and the table's frames) and waits until it is copied. */
    private static void awaitLogCopied(Database database) {
        database.jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(PASSIVE)"));
        Waiting.until("the log copied into the database", Duration.ofSeconds(10), () -> walFrames(database),
                log -> log[0] == log[1]);
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
