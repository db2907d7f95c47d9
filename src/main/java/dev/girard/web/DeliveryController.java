package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.util.Map;

import dev.girard.delivery.DeliveryEngine;
import dev.girard.delivery.RunStore;
import dev.girard.delivery.SuppressionStore;

/** /api/runs (progress, pause, resume, cancel) and /api/suppressions. */
public final class DeliveryController {
    private final RunStore runs;
    private final SuppressionStore suppressions;
    private final DeliveryEngine engine;

    public DeliveryController(RunStore runs, SuppressionStore suppressions, DeliveryEngine engine) {
        this.runs = runs;
        this.suppressions = suppressions;
        this.engine = engine;
    }

    void routes() {
        get("/api/runs", ctx -> ctx.json(Map.of("runs", runs.list(Requests.queryLong(ctx, "campaign"),
                Requests.queryInt(ctx, "limit", 50, 1, 1000)))));
        get("/api/runs/{id}", ctx -> ctx.json(runs.get(Requests.pathId(ctx, "id"))));
        post("/api/runs/{id}/pause", ctx -> ctx.json(runs.pause(Requests.pathId(ctx, "id"), "paused by hand")));
        post("/api/runs/{id}/resume", ctx -> {
            ctx.json(runs.resume(Requests.pathId(ctx, "id")));
            engine.wake();
        });
        post("/api/runs/{id}/cancel", ctx -> ctx.json(runs.cancel(Requests.pathId(ctx, "id"))));
        get("/api/suppressions", ctx -> ctx.json(Map.of("suppressions", suppressions.list(
                Requests.queryInt(ctx, "limit", 100, 1, 1000), Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE)))));
        post("/api/suppressions", ctx -> {
            Map<String, Object> body = Requests.jsonObject(ctx);
            ctx.status(201).json(suppressions.add(text(body, "channel"), text(body, "address"), text(body, "reason")));
        });
        delete("/api/suppressions/{id}", ctx -> {
            suppressions.remove(Requests.pathId(ctx, "id"));
            ctx.status(204);
        });
    }

    private static String text(Map<String, Object> body, String key) {
        Object value = body.get(key);
        return value == null ? null : value.toString();
    }
}
