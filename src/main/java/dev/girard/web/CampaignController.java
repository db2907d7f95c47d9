package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.girard.audit.AuditLog;
import dev.girard.auth.User;
import dev.girard.campaign.Campaign;
import dev.girard.campaign.CampaignService;
import dev.girard.delivery.CampaignRunner;
import dev.girard.delivery.RunStore;
import dev.girard.schedule.CampaignScheduler;
import io.javalin.http.Context;

/** /api/campaigns and /api/runs. */
public final class CampaignController {
    private final CampaignService campaigns;
    private final CampaignScheduler scheduler;
    private final CampaignRunner runner;
    private final RunStore runs;
    private final Clock clock;
    private final AuditLog audit;

    public CampaignController(CampaignService campaigns, CampaignScheduler scheduler, CampaignRunner runner, RunStore runs,
            Clock clock, AuditLog audit) {
        this.campaigns = campaigns;
        this.scheduler = scheduler;
        this.runner = runner;
        this.runs = runs;
        this.clock = clock;
        this.audit = audit;
    }

    void routes() {
        get("/api/campaigns", ctx -> ctx.json(Map.of("campaigns", campaigns.list().stream().map(this::view).toList())));
        post("/api/campaigns", ctx -> {
            Campaign created = campaigns.create(Requests.jsonObject(ctx));
            audit.record(userName(ctx), "create", "campaign", created.id(), null, created);
            ctx.status(201).json(view(created));
        });
        get("/api/campaigns/{id}", ctx -> ctx.json(view(campaigns.get(Requests.pathId(ctx, "id")))));
        put("/api/campaigns/{id}", ctx -> {
            long id = Requests.pathId(ctx, "id");
            Campaign before = campaigns.get(id);
            Campaign after = campaigns.update(id, Requests.jsonObject(ctx));
            audit.record(userName(ctx), "update", "campaign", id, before, after);
            ctx.json(view(after));
        });
        delete("/api/campaigns/{id}", ctx -> {
            long id = Requests.pathId(ctx, "id");
            Campaign before = campaigns.get(id);
            campaigns.archive(id);
            audit.record(userName(ctx), "archive", "campaign", id, before, null);
            ctx.status(204);
        });
        post("/api/campaigns/{id}/run", ctx -> ctx.status(202).json(runner.runNow(Requests.pathId(ctx, "id"))));
        get("/api/campaigns/{id}/schedule", this::schedule);
    }

    /** Who made an API change, for the audit log: the token's user. */
    private static String userName(Context ctx) {
        User user = ctx.attribute("user");
        return user == null ? "api" : user.name() + " (API)";
    }

    /** A campaign with its next fire time when it is scheduled. */
    private Map<String, Object> view(Campaign campaign) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", campaign.id());
        view.put("name", campaign.name());
        view.put("segment", campaign.segment());
        view.put("segmentParams", campaign.segmentParams());
        view.put("channel", campaign.channel());
        view.put("template", campaign.template());
        view.put("cron", campaign.cron());
        view.put("timeZone", campaign.timeZone());
        view.put("status", campaign.status().id());
        view.put("holdoutPercent", campaign.holdoutPercent());
        view.put("capExempt", campaign.capExempt());
        view.put("validDays", campaign.validDays());
        view.put("version", campaign.version());
        view.put("nextFireTime", scheduler.nextFireTime(campaign.id()).orElse(null));
        view.put("createdAt", campaign.createdAt());
        view.put("updatedAt", campaign.updatedAt());
        return view;
    }

    private void schedule(Context ctx) {
        Campaign campaign = campaigns.get(Requests.pathId(ctx, "id"));
        ZoneId zone = ZoneId.of(campaign.timeZone());
        List<String> times = CampaignScheduler.nextFireTimes(campaign.cron(), zone, clock.instant(), 5).stream()
                .map(t -> t.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", campaign.id());
        body.put("cron", campaign.cron());
        body.put("timeZone", campaign.timeZone());
        body.put("scheduled", scheduler.nextFireTime(campaign.id()).isPresent());
        body.put("nextFireTimes", times);
        ctx.json(body);
    }
}
