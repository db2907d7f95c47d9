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
import dev.girard.customer.PurchaseStore;
import dev.girard.imports.ImportStatus;
import dev.girard.imports.Imports;
import dev.girard.imports.RowHandler;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

/** /api/customers and /api/purchases. */
public final class CustomerController {
    private final CustomerStore store;
    private final CustomerService service;
    private final CustomerCsvImport csvImport;
    private final PurchaseStore purchases;

    private final Imports imports;

    public CustomerController(CustomerStore store, CustomerService service, CustomerCsvImport csvImport,
            PurchaseStore purchases, Imports imports) {
        this.store = store;
        this.service = service;
        this.csvImport = csvImport;
        this.purchases = purchases;
        this.imports = imports;
    }

    void routes() {
        get("/api/customers", this::list);
        post("/api/customers", ctx -> ctx.status(201).json(service.create(Requests.jsonObject(ctx))));
        post("/api/customers/import", ctx -> importCsv(ctx, imports, csvImport));
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

    /**
     * CSV as the request body (text/csv) or as the multipart field "file"; {@code ?encoding=} names the
     * file's encoding instead of detecting it; {@code ?background=true} answers 202 with the import's id at
     * once instead of waiting for the report.
     */
    static <T> void importCsv(Context ctx, Imports imports, RowHandler<T> handler) throws IOException {
        UploadedFile file = ctx.isMultipartFormData() ? ctx.uploadedFile("file") : null;
        if (ctx.isMultipartFormData() && file == null) {
            throw new InvalidInputException("file", "", "is required: send the CSV as the multipart field 'file'");
        }
        String source = file != null ? file.filename() : "request body";
        String encoding = ctx.queryParam("encoding");
        boolean background = Requests.queryBoolean(ctx, "background");
        try (InputStream in = file != null ? file.content() : ctx.bodyInputStream()) {
            if (background) {
                ImportStatus status = imports.startUpload(in, source, encoding, handler);
                ctx.status(202).header("Location", "/api/imports/" + status.id()).json(status);
            } else {
                ctx.json(imports.importUpload(in, source, encoding, handler));
            }
        }
    }
}
