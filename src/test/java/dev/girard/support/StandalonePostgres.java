package dev.girard.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server for benchmarks, from the same Maven-fetched binaries as the tests' (nothing installed
 * on the machine), with PostgreSQL's own durable defaults (fsync and synchronous commit on), unlike the
 * tests' server. Creates the user {@code girard} and the given databases, prints {@code port=N} and
 * {@code pid=N} (the postmaster, for CPU accounting), and runs until it is stopped (SIGTERM stops
 * PostgreSQL too).
 *
 * <pre>java -cp CLASSPATH dev.girard.support.StandalonePostgres DATA_DIR PASSWORD DATABASE...</pre>
 */
public final class StandalonePostgres {
    private StandalonePostgres() {
    }

    public static void main(String[] args) throws IOException, SQLException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: StandalonePostgres DATA_DIR PASSWORD DATABASE...");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "200")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
             Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE girard LOGIN PASSWORD '" + args[1].replace("'", "''") + "'");
            for (int i = 2; i < args.length; i++) {
                if (!args[i].matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a plain database name: " + args[i]);
                }
                s.execute("CREATE DATABASE " + args[i] + " OWNER girard");
            }
            try (var rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                System.out.println("version=" + rs.getString(1));
            }
            System.out.println("port=" + postgres.getPort());
            System.out.println("pid=" + Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
