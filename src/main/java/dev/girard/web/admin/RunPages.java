package dev.girard.web.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.girard.campaign.Campaign;
import dev.girard.delivery.Run;
import io.javalin.http.Context;

/** Runs: history, the run page with live counts, rate, ETA and problems grouped by reason; pause, resume, cancel. */
final class RunPages {
    private final AdminServices s;
    private final PageRenderer pages;

    RunPages(AdminServices services, PageRenderer pages) {
        this.s = services;
        this.pages = pages;
    }

    void list(Context ctx) {
        String raw = ctx.queryParam("campaign");
        Long campaign = raw == null || raw.isBlank() ? null : Long.valueOf(Forms.queryInt(ctx, "campaign", 0, 0, Integer.MAX_VALUE));
        List<Run> runs = s.runs().list(campaign, Forms.queryInt(ctx, "limit", 50, 1, 500));
        pages.render(ctx, "runs", Forms.model("runs", runs, "names", campaignNames(), "campaign", campaign));
    }

    void show(Context ctx) {
        Run run = s.runs().get(Forms.pathId(ctx, "id"));
        pages.render(ctx, "run", Forms.model("run", run, "campaign", s.campaigns().get(run.campaignId()),
                "problems", s.reports().runProblems(run.id()), "done", ctx.queryParam("done")));
    }

    /** The live part of the run page, polled while the run is not over. */
    void progress(Context ctx) {
        Run run = s.runs().get(Forms.pathId(ctx, "id"));
        pages.render(ctx, "fragment-run-progress", Forms.model("run", run,
                "problems", s.reports().runProblems(run.id())));
    }

    void pause(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        s.runs().pause(id, "paused by " + Forms.user(ctx).name());
        s.audit().record(Forms.user(ctx).name(), "pause", "run", id, null, null);
        Forms.seeOther(ctx, "/admin/runs/" + id, "paused");
    }

    void resume(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        s.runs().resume(id);
        s.engine().wake();
        s.audit().record(Forms.user(ctx).name(), "resume", "run", id, null, null);
        Forms.seeOther(ctx, "/admin/runs/" + id, "resumed");
    }

    void cancel(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        s.runs().cancel(id);
        s.audit().record(Forms.user(ctx).name(), "cancel", "run", id, null, null);
        Forms.seeOther(ctx, "/admin/runs/" + id, "cancelled");
    }

    Map<String, String> campaignNames() {
        Map<String, String> names = new HashMap<>();
        for (Campaign c : s.campaigns().list()) {
            names.put(String.valueOf(c.id()), c.name());
        }
        return names;
    }
}
