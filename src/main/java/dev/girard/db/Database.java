package dev.girard.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jdbi.v3.core.Jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.girard.config.Config;
import dev.girard.config.ConfigKey;

/** The connection pool, the migrations and the dialect of one database. */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    // SQLite: how often the Checkpointer looks at the write-ahead log, and how many frames (pages) not yet
    // copied into the database make it copy them: half the gate connection's own limit (32 MB at 4 KB pages),
    // which a run sending thousands of messages a second fills in about half a second
    private static final long CHECKPOINT_LOOK_EVERY_MILLIS = 50;
    static final int CHECKPOINT_FRAMES = Dialect.SQLITE_BULK_CHECKPOINT_FRAMES / 2;

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final WriteGate writeGate;
    // SQLite: copies the write-ahead log into the database off the writers' path, started once migrated
    private Checkpointer checkpointer;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
        try {
            this.writeGate = new WriteGate(dialect == Dialect.SQLITE ? writerConnection(dataSource.getJdbcUrl(), dialect) : null);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** SQLite: the connection the write gate keeps for its writers, with the pool's settings and the bulk writer's. */
    private static java.sql.Connection writerConnection(String url, Dialect dialect) {
        java.sql.Connection connection = connection(url, dialect);
        try {
            // the outbox's every claim and outcome is written here: the Checkpointer copies the write-ahead
            // log into the database off this path, and this connection's own checkpoints, at a larger size
            // than the default, are only the backstop
            try (java.sql.Statement statement = connection.createStatement()) {
                for (String setting : dialect.bulkWriteSettings()) {
                    statement.execute(setting);
                }
            }
            return connection;
        } catch (SQLException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new IllegalStateException("Cannot open the database " + url + ": " + e.getMessage(), e);
        }
    }

    /** SQLite: a connection of its own, outside the pool, with the pool's settings. */
    private static java.sql.Connection connection(String url, Dialect dialect) {
        Properties properties = new Properties();
        properties.putAll(dialect.connectionProperties());
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the database " + url + ": " + e.getMessage(), e);
        }
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(Config config) {
        String url = config.dbUrl();
        Dialect dialect = Dialect.fromJdbcUrl(url);
        if (dialect == Dialect.SQLITE) {
            createParentFolder(url.substring("jdbc:sqlite:".length()));
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("girard");
        hikari.setJdbcUrl(url);
        if (!config.get(ConfigKey.DB_USER).isEmpty()) {
            hikari.setUsername(config.get(ConfigKey.DB_USER));
            hikari.setPassword(config.get(ConfigKey.DB_PASSWORD));
        }
        hikari.setMaximumPoolSize(poolSize(config));
        dialect.connectionProperties().forEach(hikari::addDataSourceProperty);
        Database database = new Database(new HikariDataSource(hikari), dialect);
        try {
            database.migrate();
            if (dialect == Dialect.SQLITE) {
                database.checkpointer = Checkpointer.start(connection(url, dialect), CHECKPOINT_LOOK_EVERY_MILLIS,
                        CHECKPOINT_FRAMES);
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /**
     * The configured pool size, raised to what the delivery workers need so that they can never wait for
     * one another's connections: each holds one for its chunk's outcomes and at times takes a second for a
     * look-up, and planning (two), the scheduler and the web server take theirs beside them.
     */
    static int poolSize(Config config) {
        int configured = config.getInt(ConfigKey.DB_POOL_SIZE);
        int needed = 2 * config.getInt(ConfigKey.DELIVERY_WORKERS) + 4;
        if (configured < needed) {
            LOG.info("girard.db.pool.size {} is too small for {} delivery workers; using {} connections", configured,
                    config.getInt(ConfigKey.DELIVERY_WORKERS), needed);
            return needed;
        }
        return configured;
    }

    private static void createParentFolder(String file) {
        String path = file.contains("?") ? file.substring(0, file.indexOf('?')) : file;
        if (path.isEmpty() || path.startsWith(":memory:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database folder " + parent, e);
        }
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrationLocations())
                .placeholders(dialect.migrationPlaceholders())
                .load()
                .migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Queues this process's busiest writers in memory where the database has one writer at a time. */
    public WriteGate writeGate() {
        return writeGate;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        writeGate.close();
        dataSource.close();
    }
}
