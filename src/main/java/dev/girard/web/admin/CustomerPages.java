package dev.girard.web.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import dev.girard.customer.Customer;
import dev.girard.core.InvalidInputException;
import dev.girard.imports.ImportStatus;
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
        pages.render(ctx, "customer-import", Forms.model("recent", s.imports().store().recent(10)));
    }

    /**
     * Starts importing an uploaded CSV file in the background and shows its progress page; a file whose encoding or
     * header is refused imports nothing and is refused here at once.
     */
    void importUpload(Context ctx) {
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) {
            ctx.status(400);
            pages.render(ctx, "customer-import", Forms.model("error", "import.nofile", "recent", s.imports().store().recent(10)));
            return;
        }
        ImportStatus status;
        try (InputStream in = file.content()) {
            status = s.imports().startUpload(in, file.filename(), null, s.customerImport());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidInputException e) {
            ctx.status(400);
            pages.render(ctx, "customer-import", Forms.model("refused", e.getMessage(), "recent", s.imports().store().recent(10)));
            return;
        }
        s.audit().record(Forms.user(ctx).name(), "import", "customers", file.filename(), null,
                java.util.Map.of("import", status.id()));
        Forms.seeOther(ctx, "/admin/imports/" + status.id(), null);
    }

    /** An import's page: its progress bar while it runs, then what was stored and what was refused. */
    void importPage(Context ctx) {
        pages.render(ctx, "import", importModel(Forms.pathId(ctx, "id")));
    }

    /** The live part of the import page, polled while the import runs. */
    void importProgress(Context ctx) {
        pages.render(ctx, "fragment-import-progress", importModel(Forms.pathId(ctx, "id")));
    }

    private java.util.Map<String, Object> importModel(long id) {
        ImportStatus status = s.imports().store().get(id);
        long percent = !status.running() ? 100 : status.bytesTotal() == null || status.bytesTotal() == 0 ? 0
                : Math.min(99, status.bytesDone() * 100 / status.bytesTotal());
        return Forms.model("imp", status, "percent", percent, "errors",
                status.running() || status.rowsFailed() == 0 ? List.of() : s.imports().store().firstErrors(id, 20));
    }

    /** Every refused row of an import as a CSV file (line, column, value, reason) for a spreadsheet. */
    void importErrors(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        s.imports().store().get(id);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"");
        try (java.io.Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(ctx.outputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            // a byte-order mark, so that Excel reads the Chinese in values and reasons as UTF-8
            out.write('\uFEFF');
            s.imports().store().writeErrorsCsv(id, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
