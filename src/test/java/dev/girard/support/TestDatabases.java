package dev.girard.support;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

import dev.girard.db.Database;

/**
 * The databases contract tests run against, as a JUnit parameter source:
 * {@code @MethodSource("dev.girard.support.TestDatabases#all")} hands each test a {@link Factory} per kind of
 * database. Each factory opens an empty, migrated database that the test closes.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** Opens a fresh, migrated database for one test; {@code dir} is the test's temporary folder. */
    @FunctionalInterface
    public interface Factory {
        Database open(Path dir);
    }

    public static Stream<Arguments> all() {
        return Stream.of(Arguments.of(Named.of("SQLite", sqlite())));
    }

    public static Factory sqlite() {
        return dir -> Database.open(TestApps.config(dir, Map.of()));
    }
}
