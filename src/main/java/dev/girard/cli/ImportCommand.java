package dev.girard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.girard.App;
import dev.girard.imports.CsvImporter;
import dev.girard.imports.ImportReport;
import dev.girard.imports.ImportStatus;
import dev.girard.imports.RowHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", description = "Import data from a CSV file with a header row.",
        subcommands = {ImportCommand.Customers.class, ImportCommand.Purchases.class, ImportCommand.Consents.class})
final class ImportCommand {
    @ParentCommand
    Main parent;

    /** What every import subcommand takes. */
    abstract static class FileImport implements Callable<Integer> {
        @ParentCommand
        ImportCommand importCommand;

        @Parameters(paramLabel = "FILE", description = "CSV file with a header row")
        Path file;

        @Option(names = "--encoding", paramLabel = "NAME", description = "The file's encoding (e.g. GBK, UTF-16), "
                + "instead of detecting it: byte-order mark, else UTF-8, else girard.import.encoding.fallback")
        String encoding;

        @Option(names = "--quiet", description = "Print only the summary, not each refused row nor the progress")
        boolean quiet;

        abstract RowHandler<?> handler(App app);

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                System.err.println("Error: " + file + " is not a file");
                return 1;
            }
            try (App app = App.open(importCommand.parent.loadConfig(), Main.clock())) {
                ImportReport report = app.imports.importFile(file, file.toString(), encoding, handler(app),
                        listener(file.toString()));
                System.err.print(quiet ? "" : "\r\033[K");
                System.out.println(report.summary());
                if (report.refused() > 0) {
                    System.out.println("  refused rows are listed in import " + report.importId()
                            + " (GET /api/imports/" + report.importId() + "/errors)");
                }
                return report.refused() == 0 ? 0 : 3;
            }
        }

        private CsvImporter.Listener listener(String source) {
            if (quiet) {
                return CsvImporter.Listener.NONE;
            }
            return new CsvImporter.Listener() {
                @Override
                public void error(ImportReport.RowError error) {
                    System.out.println("  " + source + ", " + error);
                }

                @Override
                public void progress(ImportStatus status) {
                    System.err.print("\r\033[K" + status.progressLine());
                }
            };
        }
    }

    @Command(name = "customers", description = "Import customers: rows are upserted by external id; each refused "
            + "row is listed with its line, column and reason. Other columns become custom attributes.")
    static final class Customers extends FileImport {
        @Override
        RowHandler<?> handler(App app) {
            return app.customerImport;
        }
    }

    @Command(name = "purchases", description = "Import purchases (external id, customer external id, amount, "
            + "currency, item, category, discounted, time): recorded once per external id; a purchase of an unknown "
            + "customer is refused. The buyers' stats are updated as it goes.")
    static final class Purchases extends FileImport {
        @Override
        RowHandler<?> handler(App app) {
            return app.purchaseImport;
        }
    }

    @Command(name = "consents", description = "Import consent records (customer external id, channel, granted or "
            + "withdrawn, time, source, wording): appended to each customer's history; the latest per channel decides.")
    static final class Consents extends FileImport {
        @Override
        RowHandler<?> handler(App app) {
            return app.consentImport;
        }
    }
}
