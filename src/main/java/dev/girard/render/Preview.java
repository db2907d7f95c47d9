package dev.girard.render;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import dev.girard.customer.Customer;

/** Renders a template for one customer as it would be sent, for checking before a campaign goes out. */
public final class Preview {
    private final TemplateEngine templates;
    private final Sender sender;
    private final Clock clock;

    public Preview(TemplateEngine templates, Sender sender, Clock clock) {
        this.templates = templates;
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * @param month 1-12 to see that month's variant, or 0 for the current month
     * @throws TemplateProblem naming the template, line and column
     */
    public RenderedEmail email(String template, Customer customer, int month, ZoneId zone) {
        ZonedDateTime when = ZonedDateTime.now(clock.withZone(zone));
        if (month >= 1 && month <= 12) {
            when = when.withDayOfMonth(1).withMonth(month);
        }
        String occurrence = String.format("%d-%02d", when.getYear(), when.getMonthValue());
        return templates.renderEmail(template, MessageModel.of(customer, "Preview", occurrence, when, sender, ""));
    }
}
