package dev.girard.web.admin;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.quartz.CronExpression;

import dev.girard.auth.User;
import dev.girard.campaign.Campaign;
import dev.girard.channel.Outcome;
import dev.girard.core.ConflictException;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.customer.Customer;
import dev.girard.delivery.Run;
import dev.girard.schedule.CampaignScheduler;
import dev.girard.schedule.ScheduleChoice;
import dev.girard.segment.Member;
import dev.girard.segment.Segment;
import dev.girard.segment.SegmentContext;
import io.javalin.http.Context;

/** Campaigns: the list, one form to create and edit, the campaign page and its actions. */
final class CampaignPages {
    private static final DateTimeFormatter FIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd (EEE) HH:mm z");

    private final AdminServices s;
    private final PageRenderer pages;
    private final List<String> channels;

    CampaignPages(AdminServices services, PageRenderer pages, List<String> channels) {
        this.s = services;
        this.pages = pages;
        this.channels = channels;
    }

    void list(Context ctx) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Campaign c : s.campaigns().list()) {
            rows.add(Forms.model("c", c, "next", s.scheduler().nextFireTime(c.id()).orElse(null),
                    "schedule", ScheduleChoice.parse(c.cron()).describe(PageRenderer.lang(ctx), c.timeZone())));
        }
        pages.render(ctx, "campaigns", Forms.model("campaigns", rows));
    }

    void newForm(Context ctx) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "");
        values.put("segment", "everyone-with-email");
        values.put("channel", channels.get(0));
        values.put("template", s.templates().emailTemplates().isEmpty() ? "" : s.templates().emailTemplates().get(0));
        values.put("timeZone", s.defaultZone().getId());
        values.put("holdoutPercent", "0");
        values.put("validDays", "7");
        values.put("capExempt", false);
        values.put("version", "");
        values.put("params", Map.of());
        ScheduleChoice schedule = ScheduleChoice.parse("0 0 9 1 * ?");
        form(ctx, 200, null, values, schedule, Map.of(), null);
    }

    void editForm(Context ctx) {
        Campaign c = s.campaigns().get(Forms.pathId(ctx, "id"));
        form(ctx, 200, c, values(c), ScheduleChoice.parse(c.cron()), Map.of(), null);
    }

    private static Map<String, Object> values(Campaign c) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", c.name());
        values.put("segment", c.segment());
        values.put("channel", c.channel());
        values.put("template", c.template());
        values.put("timeZone", c.timeZone());
        values.put("holdoutPercent", String.valueOf(c.holdoutPercent()));
        values.put("validDays", String.valueOf(c.validDays()));
        values.put("capExempt", c.capExempt());
        values.put("version", String.valueOf(c.version()));
        Map<String, String> params = new LinkedHashMap<>();
        c.segmentParams().forEach((k, v) -> params.put(k, String.valueOf(v)));
        values.put("params", params);
        return values;
    }

    /** @param latest when someone else saved meanwhile: the campaign as it is now, shown beside the user's edit */
    private void form(Context ctx, int status, Campaign campaign, Map<String, Object> values, ScheduleChoice schedule,
            Map<String, String> errors, Campaign latest) {
        ctx.status(status);
        pages.render(ctx, "campaign-form", Forms.model("campaign", campaign, "v", values, "schedule", schedule,
                "errors", errors, "latest", latest, "segments", s.segments().all(), "channels", channels,
                "templates", s.templates().emailTemplates(), "zones", commonZones(values.get("timeZone").toString())));
    }

    void create(Context ctx) {
        save(ctx, null);
    }

    void update(Context ctx) {
        save(ctx, s.campaigns().get(Forms.pathId(ctx, "id")));
    }

    private void save(Context ctx, Campaign current) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : List.of("name", "segment", "channel", "template", "timeZone", "holdoutPercent", "validDays", "version")) {
            values.put(key, Forms.text(ctx, key));
        }
        values.put("capExempt", ctx.formParam("capExempt") != null);
        Map<String, String> params = new LinkedHashMap<>();
        ctx.formParamMap().forEach((key, list) -> {
            if (key.startsWith("param.") && !list.isEmpty() && !list.get(0).isBlank()) {
                params.put(key.substring(6), list.get(0).strip());
            }
        });
        values.put("params", params);
        ScheduleChoice schedule = null;
        try {
            schedule = ScheduleChoice.of(Forms.text(ctx, "schedule"), Forms.text(ctx, "day"), Forms.text(ctx, "month"),
                    Forms.text(ctx, "time"), Forms.text(ctx, "everyMinutes"), Forms.text(ctx, "cron"));
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", values.get("name"));
        body.put("segment", values.get("segment"));
        body.put("segmentParams", params);
        body.put("channel", values.get("channel"));
        body.put("template", values.get("template"));
        body.put("cron", schedule == null ? "0 0 9 1 * ?" : schedule.toCron());
        body.put("timeZone", values.get("timeZone"));
        body.put("holdoutPercent", Forms.integer(ctx, "holdoutPercent", errors));
        body.put("validDays", Forms.integer(ctx, "validDays", errors));
        body.put("capExempt", values.get("capExempt"));
        if (current != null) {
            body.put("version", Forms.integer(ctx, "version", errors));
            body.put("status", current.status().id());
        }
        ScheduleChoice shown = schedule != null ? schedule : ScheduleChoice.parse(Forms.text(ctx, "cron"));
        if (!errors.isEmpty()) {
            form(ctx, 400, current, values, shown, Forms.byField(errors), null);
            return;
        }
        User me = Forms.user(ctx);
        try {
            Campaign saved = current == null ? s.campaigns().create(body) : s.campaigns().update(current.id(), body);
            s.audit().record(me.name(), current == null ? "create" : "update", "campaign", saved.id(), current, saved);
            Forms.seeOther(ctx, "/admin/campaigns/" + saved.id(), "saved");
        } catch (InvalidInputException e) {
            form(ctx, 400, current, values, shown, Forms.byField(e.errors()), null);
        } catch (ConflictException e) {
            Campaign latest = s.campaigns().get(current.id());
            form(ctx, 409, current, values, shown, Map.of(), latest);
        }
    }

    void show(Context ctx) {
        show(ctx, s.campaigns().get(Forms.pathId(ctx, "id")), null);
    }

    private void show(Context ctx, Campaign c, String testError) {
        ZoneId zone = ZoneId.of(c.timeZone());
        List<String> fires = CampaignScheduler.nextFireTimes(c.cron(), zone, s.clock().instant(), 5).stream()
                .map(t -> FIRE.format(t.atZone(zone))).toList();
        List<Run> runs = s.runs().list(c.id(), 20);
        pages.render(ctx, "campaign", Forms.model("c", c, "next", s.scheduler().nextFireTime(c.id()).orElse(null),
                "fires", fires, "runs", runs,
                "schedule", ScheduleChoice.parse(c.cron()).describe(PageRenderer.lang(ctx), c.timeZone()),
                "done", ctx.queryParam("done"), "testError", testError, "conflict", ctx.queryParam("conflict") != null));
    }

    /** Activate or pause, from the campaign page; the version read with the page guards against lost edits. */
    void status(Context ctx) {
        Campaign c = s.campaigns().get(Forms.pathId(ctx, "id"));
        String status = Forms.text(ctx, "status");
        if (!status.equals("active") && !status.equals("paused")) {
            throw new InvalidInputException("status", status, "must be active or paused");
        }
        Map<String, Object> body = body(c);
        body.put("status", status);
        body.put("version", Forms.integer(ctx, "version", new ArrayList<>()));
        Campaign saved = s.campaigns().update(c.id(), body);
        s.audit().record(Forms.user(ctx).name(), status.equals("active") ? "activate" : "pause", "campaign", c.id(), c, saved);
        Forms.seeOther(ctx, "/admin/campaigns/" + c.id(), status.equals("active") ? "activated" : "paused");
    }

    void runNow(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        Run run = s.runner().runNow(id);
        s.audit().record(Forms.user(ctx).name(), "run", "campaign", id, null, Map.of("run", run.id()));
        Forms.seeOther(ctx, "/admin/runs/" + run.id(), "started");
    }

    /** Sends the campaign's message, as the first customer of its audience would get it, to the signed-in user. */
    void sendTest(Context ctx) {
        Campaign c = s.campaigns().get(Forms.pathId(ctx, "id"));
        User me = Forms.user(ctx);
        if (me.email() == null) {
            Forms.seeOther(ctx, "/admin/campaigns/" + c.id(), "noemail");
            return;
        }
        Customer sample = sample(c);
        if (sample == null) {
            Forms.seeOther(ctx, "/admin/campaigns/" + c.id(), "nocustomer");
            return;
        }
        Outcome outcome = s.testSend().send(c, sample, me.email());
        if (outcome.kind() == Outcome.Kind.SENT) {
            Forms.seeOther(ctx, "/admin/campaigns/" + c.id(), "testsent");
        } else {
            ctx.status(502);
            show(ctx, c, outcome.detail());
        }
    }

    /** The first member of the campaign's audience now, else the first customer. */
    private Customer sample(Campaign c) {
        Customer[] first = {null};
        try {
            audience(c.segment(), c.segmentParams(), c.timeZone(), 1, m -> first[0] = m.customer());
        } catch (RuntimeException e) {
            // fall back to any customer below
        }
        if (first[0] == null) {
            List<Customer> any = s.customers().search("", 1, 0);
            return any.isEmpty() ? null : any.get(0);
        }
        return first[0];
    }

    /** The audience now for the segment in the form: how many, and the first few. */
    void audienceFragment(Context ctx) {
        String segmentId = ctx.queryParam("segment");
        Map<String, Object> params = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((key, list) -> {
            if (key.startsWith("param.") && !list.isEmpty() && !list.get(0).isBlank()) {
                params.put(key.substring(6), list.get(0).strip());
            }
        });
        String zone = ctx.queryParam("timeZone") == null ? s.defaultZone().getId() : ctx.queryParam("timeZone");
        try {
            List<Customer> sample = new ArrayList<>();
            int count = audience(segmentId, params, zone, Integer.MAX_VALUE, m -> {
                if (sample.size() < 5) {
                    sample.add(m.customer());
                }
            });
            pages.render(ctx, "fragment-audience", Forms.model("count", count, "sample", sample));
        } catch (InvalidInputException e) {
            pages.render(ctx, "fragment-audience", Forms.model("error", e.getMessage()));
        } catch (DateTimeException e) {
            pages.render(ctx, "fragment-audience", Forms.model("error", "timeZone: " + e.getMessage()));
        }
    }

    private int audience(String segmentId, Map<String, Object> params, String zone, int limit,
            java.util.function.Consumer<Member> each) {
        Segment segment = s.segments().get(segmentId);
        segment.validate(params);
        int[] count = {0};
        segment.forEachMember(new SegmentContext(s.clock().instant(), ZoneId.of(zone), s.defaultZone(), params), m -> {
            if (count[0] < limit) {
                each.accept(m);
            }
            count[0]++;
        });
        return count[0];
    }

    /** The schedule in the form, in plain words, with its next five fire times in the campaign's zone. */
    void scheduleFragment(Context ctx) {
        try {
            ScheduleChoice choice = ScheduleChoice.of(ctx.queryParam("schedule"), ctx.queryParam("day"),
                    ctx.queryParam("month"), ctx.queryParam("time"), ctx.queryParam("everyMinutes"), ctx.queryParam("cron"));
            String cron = choice.toCron();
            CronExpression.validateExpression(cron);
            ZoneId zone = ZoneId.of(ctx.queryParam("timeZone") == null ? s.defaultZone().getId() : ctx.queryParam("timeZone"));
            List<String> fires = CampaignScheduler.nextFireTimes(cron, zone, s.clock().instant(), 5).stream()
                    .map(t -> FIRE.format(t.atZone(zone))).toList();
            pages.render(ctx, "fragment-schedule", Forms.model("words",
                    ScheduleChoice.parse(cron).describe(PageRenderer.lang(ctx), zone.getId()), "cron", cron, "fires", fires));
        } catch (InvalidInputException e) {
            pages.render(ctx, "fragment-schedule", Forms.model("error", e.getMessage()));
        } catch (java.text.ParseException e) {
            pages.render(ctx, "fragment-schedule", Forms.model("error", "cron: " + e.getMessage()));
        } catch (DateTimeException e) {
            pages.render(ctx, "fragment-schedule", Forms.model("error", "timeZone: " + e.getMessage()));
        }
    }

    private static Map<String, Object> body(Campaign c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", c.name());
        body.put("segment", c.segment());
        body.put("segmentParams", c.segmentParams());
        body.put("channel", c.channel());
        body.put("template", c.template());
        body.put("cron", c.cron());
        body.put("timeZone", c.timeZone());
        body.put("holdoutPercent", c.holdoutPercent());
        body.put("capExempt", c.capExempt());
        body.put("validDays", c.validDays());
        return body;
    }

    private static List<String> commonZones(String current) {
        List<String> zones = new ArrayList<>(List.of("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore",
                "Asia/Tokyo", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago",
                "America/Los_Angeles", "Australia/Sydney", "UTC"));
        if (current != null && !current.isBlank() && !zones.contains(current)) {
            zones.add(0, current);
        }
        return zones;
    }
}
