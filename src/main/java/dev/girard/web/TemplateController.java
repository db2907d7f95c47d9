package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.get;

import java.time.ZoneId;
import java.util.Map;

import dev.girard.core.InvalidInputException;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;
import dev.girard.render.Preview;
import dev.girard.render.TemplateEngine;
import io.javalin.http.Context;

/** /api/templates: the templates campaigns can use, and a preview for a customer. */
public final class TemplateController {
    private final TemplateEngine templates;
    private final Preview preview;
    private final CustomerStore customers;
    private final ZoneId defaultZone;

    public TemplateController(TemplateEngine templates, Preview preview, CustomerStore customers, ZoneId defaultZone) {
        this.templates = templates;
        this.preview = preview;
        this.customers = customers;
        this.defaultZone = defaultZone;
    }

    void routes() {
        get("/api/templates", ctx -> ctx.json(Map.of("email", templates.emailTemplates(), "sms", templates.smsTemplates())));
        get("/api/templates/email/{name}/preview", this::preview);
    }

    private void preview(Context ctx) {
        String name = ctx.pathParam("name");
        if (!templates.emailTemplateExists(name)) {
            throw new InvalidInputException("name", name, "is not a template; available: "
                    + String.join(", ", templates.emailTemplates()));
        }
        Long customerId = Requests.queryLong(ctx, "customer");
        if (customerId == null) {
            throw new InvalidInputException("customer", "", "is required: the id of the customer to preview for");
        }
        Customer customer = customers.get(customerId);
        int month = Requests.queryInt(ctx, "month", 0, 0, 12);
        ZoneId zone = customer.timeZone() == null ? defaultZone : ZoneId.of(customer.timeZone());
        ctx.json(preview.email(name, customer, month, zone));
    }
}
