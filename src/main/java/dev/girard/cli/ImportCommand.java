package dev.girard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.girard.App;
import dev.girard.customer.ImportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", description = "Import data from a file.", subcommands = ImportCommand.Customers.class)
final class ImportCommand {
    @ParentCommand
    Main parent;

    @Command(name = "customers", description = "Import customers from a CSV file with a header row; "
            + "rows are upserted by external id and every refused row is listed with its line.")
    static final class Customers implements Callable<Integer> {
        @ParentCommand
        ImportCommand importCommand;

        @Parameters(paramLabel = "FILE", description = "CSV file (UTF-8)")
        Path file;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                System.err.println("Error: " + file + " is not a file");
                return 1;
            }
            try (App app = App.open(importCommand.parent.loadConfig(), Main.clock());
                 InputStream in = Files.newInputStream(file)) {
                ImportReport report = app.customerImport.importFrom(in, file.toString());
                System.out.println(report.summary());
                for (ImportReport.RowError error : report.errors()) {
                    System.out.println("  " + file + ", " + error);
                }
                return report.errors().isEmpty() ? 0 : 3;
            }
        }
    }
}
