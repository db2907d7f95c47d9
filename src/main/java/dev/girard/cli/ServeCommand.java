package dev.girard.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.girard.App;
import dev.girard.config.Config;
import dev.girard.config.ConfigKey;
import dev.girard.demo.DemoData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", description = "Start the server: API, scheduler and delivery workers.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--demo", description = "Create 1,000 demo customers and the demo campaigns if the database is empty,"
            + " and print an API token and the demo admin's password.")
    boolean demo;

    @Override
    public Integer call() throws InterruptedException {
        Config config = parent.loadConfig();
        App app = App.serve(config, Main.clock());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "girard-shutdown"));
        String url = app.baseUrl();
        System.out.println();
        System.out.println("Girard is running at " + url + "  (stop with Ctrl+C)");
        if (demo) {
            long started = System.nanoTime();
            DemoData.Result result = DemoData.populate(app, 1000);
            String token = app.users.addUserWithToken("demo", "admin", "printed by serve --demo");
            String password = DemoData.password();
            app.users.setPassword("demo", password);
            if (result.created()) {
                System.out.printf("Demo data: %d customers, %d purchases, %d birthdays today (%d ms)%n",
                        result.customers(), result.purchases(), result.birthdaysToday(),
                        (System.nanoTime() - started) / 1_000_000);
            } else {
                System.out.printf("The database has %d customers already: no demo data added%n", result.customers());
            }
            System.out.println("Admin page: " + url + "/admin/  (sign in as demo, password " + password + ")");
            System.out.println("API token:  " + token);
            System.out.println("Send this month's card to every demo customer now:");
            System.out.println("  curl -X POST -H 'Authorization: Bearer " + token + "' " + url + "/api/campaigns/"
                    + result.monthlyCardCampaignId() + "/run");
            System.out.println("Then watch the run:");
            System.out.println("  curl -H 'Authorization: Bearer " + token + "' " + url + "/api/runs?campaign="
                    + result.monthlyCardCampaignId());
            System.out.println(config.smtpConfigured()
                    ? "Cards go to the SMTP server " + config.get(ConfigKey.SMTP_HOST)
                    : "Cards appear as .eml files in " + config.outboxDir().toAbsolutePath());
        }
        System.out.flush();
        stopped.await();
        return 0;
    }
}
