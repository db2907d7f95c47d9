package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import dev.girard.core.InvalidInputException;
import dev.girard.customer.CustomerCsvImport;
import dev.girard.customer.CustomerService;
import dev.girard.customer.CustomerStore;
import dev.girard.customer.ImportReport;
import dev.girard.customer.PurchaseStore;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

/** /api/customers and /api/purchases. */
public final class CustomerController {
    private final CustomerStore store;
    private final CustomerService service;
    private final CustomerCsvImport csvImport;
    private final PurchaseStore purchases;

    public CustomerController(CustomerStore store, CustomerService service, CustomerCsvImport csvImport, PurchaseStore purchases) {
        this.store = store;
        this.service = service;
        this.csvImport = csvImport;
        this.purchases = purchases;
    }

    void routes() {
        get("/api/customers", this::list);
        post("/api/customers", ctx -> ctx.status(201).json(service.create(Requests.jsonObject(ctx))));
        post("/api/customers/import", this::importCsv);
        get("/api/customers/{id}", ctx -> ctx.json(store.get(Requests.pathId(ctx, "id"))));
        put("/api/customers/{id}", ctx -> ctx.json(service.update(Requests.pathId(ctx, "id"), Requests.jsonObject(ctx))));
        delete("/api/customers/{id}", ctx -> {
            store.delete(Requests.pathId(ctx, "id"));
            ctx.status(204);
        });
        get("/api/customers/{id}/purchases", ctx -> {
            long id = Requests.pathId(ctx, "id");
            store.get(id);
            ctx.json(purchases.forCustomer(id));
        });
        post("/api/purchases", ctx -> {
            PurchaseStore.Recorded recorded = purchases.record(Requests.jsonObject(ctx));
            ctx.status(recorded.created() ? 201 : 200).json(recorded.purchase());
        });
    }

    private void list(Context ctx) {
        int limit = Requests.queryInt(ctx, "limit", 50, 1, 1000);
        int offset = Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String externalId = ctx.queryParam("externalId");
        if (externalId != null) {
            ctx.json(Map.of("customers", store.findByExternalId(externalId).stream().toList(), "total", store.count()));
            return;
        }
        ctx.json(Map.of("customers", store.search(ctx.queryParam("q"), limit, offset), "total", store.count()));
    }

    /** CSV as the request body (text/csv) or as the multipart field "file". */
    private void importCsv(Context ctx) throws IOException {
        UploadedFile file = ctx.isMultipartFormData() ? ctx.uploadedFile("file") : null;
        if (ctx.isMultipartFormData() && file == null) {
            throw new InvalidInputException("file", "", "is required: send the CSV as the multipart field 'file'");
        }
        String source = file != null ? file.filename() : "request body";
        try (InputStream in = file != null ? file.content() : ctx.bodyInputStream()) {
            ImportReport report = csvImport.importFrom(in, source);
            ctx.json(report);
        }
    }
}
