package dev.girard.cli;

import java.time.ZoneId;
import java.util.concurrent.Callable;

import dev.girard.App;
import dev.girard.customer.Customer;
import dev.girard.render.RenderedEmail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "render", description = "Render an e-mail template for one customer and print it.")
final class RenderCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--template", required = true, description = "Template name, e.g. monthly-card")
    String template;

    @Option(names = "--customer", required = true, description = "Customer: Girard id or external id")
    String customer;

    @Option(names = "--month", defaultValue = "0", description = "Month 1-12 to render (default: this month)")
    int month;

    @Option(names = "--part", defaultValue = "all", description = "subject, text, html or all (default)")
    String part;

    @Override
    public Integer call() {
        try (App app = App.open(parent.loadConfig(), Main.clock())) {
            Customer found = app.customerStore.findByExternalId(customer)
                    .or(() -> customer.matches("\\d+") ? app.customerStore.find(Long.parseLong(customer)) : java.util.Optional.empty())
                    .orElseThrow(() -> new dev.girard.core.NotFoundException("No customer with id or external id " + customer));
            ZoneId zone = found.timeZone() == null ? app.config.defaultZone() : ZoneId.of(found.timeZone());
            RenderedEmail email = app.preview.email(template, found, month, zone);
            switch (part) {
                case "subject" -> System.out.println(email.subject());
                case "text" -> System.out.println(email.text());
                case "html" -> System.out.println(email.html());
                default -> {
                    System.out.println("Subject: " + email.subject());
                    System.out.println();
                    System.out.println(email.text());
                    System.out.println("----- HTML -----");
                    System.out.println(email.html());
                }
            }
            return 0;
        }
    }
}
