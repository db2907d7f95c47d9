package dev.girard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM, started on first use from the binaries Maven fetched
 * (nothing installed on the machine), stopped when the JVM exits. Tests get a new database each.
 */
public final class PostgresServer {
    private static final String USER = "girard";
    private static final String PASSWORD = "girard-test";
    private static PostgresServer shared;

    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** The server of this JVM, started on the first call. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        // room for several server processes on one database, each with its pool
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .start();
                shared = new PostgresServer(postgres);
                shared.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            }
        }
        return shared;
    }

    /** Creates a new, empty database owned by Girard's user; returns the configuration keys that reach it. */
    public Map<String, String> newDatabase() {
        String name = "girard_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        execute("CREATE DATABASE " + name + " OWNER " + USER);
        return Map.of("girard.db.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name,
                "girard.db.user", USER,
                "girard.db.password", PASSWORD);
    }

    public int port() {
        return postgres.getPort();
    }

    private void execute(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + sql + ": " + e.getMessage(), e);
        }
    }
}
