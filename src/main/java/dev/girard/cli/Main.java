package dev.girard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import dev.girard.config.Config;
import dev.girard.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The girard command line. */
@Command(name = "girard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Girard: customer-contact campaigns (monthly cards, birthdays, thank-yous).",
        subcommands = {ServeCommand.class, ImportCommand.class, StatsCommand.class, RenderCommand.class,
            UserCommand.class, MigrateCommand.class})
public final class Main {
    static final Path DEFAULT_CONFIG = Path.of("config", "girard.properties");

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "config/girard.properties", scope = CommandLine.ScopeType.INHERIT)
    Path configFile;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            if (e instanceof dev.girard.core.InvalidInputException || e instanceof dev.girard.render.TemplateProblem
                    || e instanceof dev.girard.core.NotFoundException || e instanceof dev.girard.core.ConflictException) {
                cmd.getErr().println("Error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /** Loads the configuration and points the log folder at it, before anything logs. */
    Config loadConfig() {
        if (!Files.exists(configFile) && !configFile.equals(DEFAULT_CONFIG)) {
            throw new ConfigException("Configuration file " + configFile + " does not exist");
        }
        Config config = Config.load(configFile);
        System.setProperty("girard.log.dir", config.logDir().toString());
        return config;
    }

    static Clock clock() {
        return Clock.systemUTC();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"girard " + (version == null ? "dev" : version)};
        }
    }
}
