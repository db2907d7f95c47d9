package dev.girard.cli;

import java.util.concurrent.Callable;

import dev.girard.App;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "migrate", description = "Create or update the database schema, then exit.")
final class MigrateCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Override
    public Integer call() {
        try (App app = App.open(parent.loadConfig(), Main.clock())) {
            System.out.println("The " + app.database.dialect().id() + " database is up to date.");
            return 0;
        }
    }
}
