package dev.girard.cli;

import java.util.concurrent.Callable;

import dev.girard.App;
import dev.girard.customer.CustomerStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "stats", description = "Customer stats (recency, frequency, spend, rhythm, RFM).",
        subcommands = StatsCommand.Rebuild.class)
final class StatsCommand {
    @ParentCommand
    Main parent;

    @Command(name = "rebuild", description = "Recompute every customer's stats from all purchases now "
            + "(the server also does it every night, at girard.stats.cron).")
    static final class Rebuild implements Callable<Integer> {
        @ParentCommand
        StatsCommand stats;

        @Override
        public Integer call() {
            try (App app = App.open(stats.parent.loadConfig(), Main.clock())) {
                CustomerStats.Rebuilt rebuilt = app.stats.rebuild();
                System.out.printf("Stats of %,d customers rebuilt from %,d purchases in %,d ms (read %,d ms, write %,d ms)%n",
                        rebuilt.customers(), rebuilt.purchases(), rebuilt.totalMillis(), rebuilt.readMillis(),
                        rebuilt.writeMillis());
                return 0;
            }
        }
    }
}
