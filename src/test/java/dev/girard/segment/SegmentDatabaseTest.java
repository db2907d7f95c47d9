package dev.girard.segment;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.db.Database;
import dev.girard.support.TestDatabases;

/**
 * What the segment tests share: each test opens a fresh, migrated database of the kind it is given (SQLite
 * or PostgreSQL), with customer fixtures and the segment registry over it, and the database is closed after.
 */
abstract class SegmentDatabaseTest {
    private final int pageSize;

    @TempDir
    Path dir;
    Database database;
    SegmentFixtures data;
    SegmentRegistry segments;

    /** {@code pageSize}: rows a segment reads a page; small, so that tests walk several pages. */
    SegmentDatabaseTest(int pageSize) {
        this.pageSize = pageSize;
    }

    void open(TestDatabases.Factory factory) {
        database = factory.open(dir);
        data = new SegmentFixtures(database);
        segments = new SegmentRegistry(database.jdbi(), database.dialect(), pageSize);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }
}
