package dev.girard.web.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import dev.girard.customer.Customer;
import dev.girard.imports.ImportReport;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

/** Customers: search, the customer page (attributes, stats, consents, purchases, contact history), CSV import. */
final class CustomerPages {
    private static final int PAGE = 50;

    private final AdminServices s;
    private final PageRenderer pages;

    CustomerPages(AdminServices services, PageRenderer pages) {
        this.s = services;
        this.pages = pages;
    }

    void list(Context ctx) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        int page = Forms.queryInt(ctx, "page", 0, 0, 100_000);
        List<Customer> found = s.customers().search(q, PAGE + 1, page * PAGE);
        pages.render(ctx, "customers", Forms.model("q", q, "customers", found.subList(0, Math.min(PAGE, found.size())),
                "page", page, "more", found.size() > PAGE, "total", s.customers().count()));
    }

    void show(Context ctx) {
        Customer c = s.customers().get(Forms.pathId(ctx, "id"));
        pages.render(ctx, "customer", Forms.model("c", c, "stats", s.reports().customerStats(c.id()),
                "consents", s.consents().history(c.id()), "purchases", s.purchases().forCustomer(c.id()),
                "contacts", s.reports().contactHistory(c.id(), 200)));
    }

    void importForm(Context ctx) {
        pages.render(ctx, "customer-import", Forms.model());
    }

    /** Imports an uploaded CSV file; the valid rows are stored, the refused ones listed by line and column. */
    void importUpload(Context ctx) {
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) {
            ctx.status(400);
            pages.render(ctx, "customer-import", Forms.model("error", "import.nofile"));
            return;
        }
        ImportReport report;
        try (InputStream in = file.content()) {
            report = s.imports().importUpload(in, file.filename(), null, s.customerImport());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.audit().record(Forms.user(ctx).name(), "import", "customers", file.filename(), null,
                java.util.Map.of("rows", report.rows(), "changed", report.changed(), "refused", report.refused()));
        ctx.status(report.refused() == 0 ? 200 : 422);
        pages.render(ctx, "customer-import", Forms.model("report", report));
    }
}
