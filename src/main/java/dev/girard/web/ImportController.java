package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.get;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.girard.imports.ImportStore;

/** /api/imports: progress of CSV imports and their refused rows. */
public final class ImportController {
    private final ImportStore store;

    public ImportController(ImportStore store) {
        this.store = store;
    }

    void routes() {
        get("/api/imports", ctx -> ctx.json(Map.of("imports", store.recent(Requests.queryInt(ctx, "limit", 20, 1, 500)))));
        get("/api/imports/{id}", ctx -> ctx.json(store.get(Requests.pathId(ctx, "id"))));
        get("/api/imports/{id}/errors", ctx -> {
            long id = Requests.pathId(ctx, "id");
            store.get(id);
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"");
            Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
            // a byte-order mark, so that Excel reads the Chinese in values and reasons as UTF-8
            out.write('\uFEFF');
            store.writeErrorsCsv(id, out);
        });
    }
}
