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
import dev.girard.core.Json;
import dev.girard.holiday.HolidayCalendar;
import dev.girard.segment.Member;
import dev.girard.segment.Segment;
import dev.girard.segment.SegmentContext;
import io.javalin.http.Context;

/** Campaigns: the list, one form to create and edit, the campaign page and its actions. */
final class CampaignPages {
    private static final DateTimeFormatter FIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd (EEE) HH:mm z", java.util.Locale.ENGLISH);
    private static final DateTimeFormatter FIRE_ZH = DateTimeFormatter.ofPattern("yyyy-MM-dd（EEE）HH:mm z", java.util.Locale.CHINESE);

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
                    "schedule", words(ctx, c)));
        }
        pages.render(ctx, "campaigns", Forms.model("campaigns", rows));
    }

    void newForm(Context ctx) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "");
        values.put("segment", preselected(ctx.queryParam("segment")));
        values.put("channel", channels.get(0));
        values.put("template", s.templates().emailTemplates().isEmpty() ? "" : s.templates().emailTemplates().get(0));
        values.put("timeZone", s.defaultZone().getId());
        values.put("holdoutPercent", "0");
        values.put("validDays", "7");
        values.put("capExempt", false);
        values.put("version", "");
        values.put("params", Map.of());
        values.put("holidays", List.of());
        CampaignSchedule schedule = CampaignSchedule.of("0 0 9 1 * ?", null, Map.of());
        form(ctx, 200, null, values, schedule, Map.of(), null);
    }

    /** The segment a link asked for (e.g. "use this saved segment"), if it exists; else everyone with e-mail. */
    private String preselected(String wanted) {
        if (wanted != null && !wanted.isBlank()) {
            try {
                return s.segments().get(wanted.strip()).id();
            } catch (InvalidInputException e) {
                // the default below
            }
        }
        return "everyone-with-email";
    }

    void editForm(Context ctx) {
        Campaign c = s.campaigns().get(Forms.pathId(ctx, "id"));
        form(ctx, 200, c, values(c), CampaignSchedule.of(c.cron(), c.segment(), c.segmentParams()), Map.of(), null);
    }

    private String words(Context ctx, Campaign c) {
        return CampaignSchedule.of(c.cron(), c.segment(), c.segmentParams())
                .describe(pages.messages(), PageRenderer.lang(ctx), c.timeZone(), c.segmentParams());
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
        shownParams(values, c.segmentParams());
        return values;
    }

    /** The segment parameters as the form shows them: texts, JSON for the rest, the chosen holidays as a list. */
    private static void shownParams(Map<String, Object> values, Map<String, Object> params) {
        Map<String, String> shown = new LinkedHashMap<>();
        params.forEach((k, v) -> shown.put(k, v instanceof String text ? text : Json.write(v)));
        values.put("params", shown);
        Object holidays = params.get("holidays");
        values.put("holidays", holidays instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : holidays == null ? List.of() : List.of(holidays.toString()));
    }

    /**
     * The segment parameters in a form or query: param.NAME fields, a number or JSON written in one read as such
     * (so localHour 9 and a filter tree arrive as the segment expects them), several holidays as a list.
     */
    static Map<String, Object> formParams(Map<String, List<String>> fields) {
        Map<String, Object> params = new LinkedHashMap<>();
        fields.forEach((key, list) -> {
            if (!key.startsWith("param.")) {
                return;
            }
            String name = key.substring(6);
            List<String> given = list.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
            if (given.isEmpty()) {
                return;
            }
            if (name.equals("holidays")) {
                params.put(name, given);
                return;
            }
            params.put(name, typed(given.get(0)));
        });
        return params;
    }

    private static Object typed(String value) {
        if (value.matches("-?\\d{1,15}(\\.\\d+)?|true|false") || value.startsWith("{") || value.startsWith("[")) {
            try {
                return Json.MAPPER.readValue(value, Object.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return value;
            }
        }
        return value;
    }

    /** @param latest when someone else saved meanwhile: the campaign as it is now, shown beside the user's edit */
    private void form(Context ctx, int status, Campaign campaign, Map<String, Object> values, CampaignSchedule schedule,
            Map<String, String> errors, Campaign latest) {
        ctx.status(status);
        pages.render(ctx, "campaign-form", Forms.model("campaign", campaign, "v", values, "schedule", schedule,
                "kinds", CampaignSchedule.KINDS, "errors", errors, "latest", latest, "segments", s.segments().all(),
                "saved", s.segments().saved(), "channels", channels, "preferences", preferences(),
                "templates", s.templates().emailTemplates(), "zones", commonZones(values.get("timeZone").toString()),
                "regions", HolidayCalendar.regions(), "holidays", holidays(PageRenderer.lang(ctx))));
    }

    /** Channel preferences to pick from: each channel alone, and e-mail with SMS after it, and so on. */
    private List<String> preferences() {
        List<String> out = new ArrayList<>(channels);
        if (channels.contains("email") && channels.contains("sms")) {
            out.add("email,sms");
            out.add("sms,email");
        }
        if (channels.contains("postcard") && channels.contains("email")) {
            out.add(channels.contains("sms") ? "postcard,email,sms" : "postcard,email");
        }
        return out;
    }

    /** Each calendar's holidays with their names in the user's language, for the holiday choice. */
    private Map<String, List<Map<String, Object>>> holidays(String lang) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        int year = s.clock().instant().atZone(s.defaultZone()).getYear();
        for (String region : HolidayCalendar.regions()) {
            out.put(region, HolidayCalendar.year(region, year).stream()
                    .map(h -> Forms.model("id", h.id(), "name", h.name(lang), "date", h.date().toString())).toList());
        }
        return out;
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
        Map<String, Object> params = formParams(ctx.formParamMap());
        CampaignSchedule schedule = null;
        try {
            schedule = CampaignSchedule.fromForm(Forms.text(ctx, "schedule"), Forms.text(ctx, "day"), Forms.text(ctx, "month"),
                    Forms.text(ctx, "time"), Forms.text(ctx, "everyMinutes"), Forms.text(ctx, "cron"),
                    ctx.formParam("local") != null);
            params = schedule.apply(Forms.text(ctx, "segment"), params);
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        shownParams(values, params);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", values.get("name"));
        body.put("segment", values.get("segment"));
        body.put("segmentParams", params);
        body.put("channel", values.get("channel"));
        body.put("template", values.get("template"));
        body.put("cron", schedule == null ? "0 0 9 1 * ?" : schedule.cron());
        body.put("timeZone", values.get("timeZone"));
        body.put("holdoutPercent", Forms.integer(ctx, "holdoutPercent", errors));
        body.put("validDays", Forms.integer(ctx, "validDays", errors));
        body.put("capExempt", values.get("capExempt"));
        if (current != null) {
            body.put("version", Forms.integer(ctx, "version", errors));
            body.put("status", current.status().id());
        }
        CampaignSchedule shown = schedule != null ? schedule
                : CampaignSchedule.of(Forms.text(ctx, "cron"), Forms.text(ctx, "segment"), params);
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
                .map(t -> fire(ctx).format(t.atZone(zone))).toList();
        List<Run> runs = s.runs().list(c.id(), 20);
        pages.render(ctx, "campaign", Forms.model("c", c, "next", s.scheduler().nextFireTime(c.id()).orElse(null),
                "fires", fires, "runs", runs,
                "schedule", words(ctx, c), "segmentName", segmentName(ctx, c.segment()), "params", shown(c.segmentParams()),
                "audienceQuery", audienceQuery(c),
                "done", ctx.queryParam("done"), "testError", testError, "conflict", ctx.queryParam("conflict") != null));
    }

    /** A segment as a marketer knows it: a saved segment's name, a built-in's name in their language. */
    private String segmentName(Context ctx, String id) {
        try {
            if (s.segments().get(id) instanceof dev.girard.segment.SavedSegment saved) {
                return saved.definition().name();
            }
        } catch (InvalidInputException e) {
            return id;
        }
        return pages.messages().text(PageRenderer.lang(ctx), "segment.name." + id) + " (" + id + ")";
    }

    private static Map<String, String> shown(Map<String, Object> params) {
        Map<String, String> shown = new LinkedHashMap<>();
        params.forEach((k, v) -> shown.put(k, v instanceof String text ? text : Json.write(v)));
        return shown;
    }

    /** The audience fragment's query for a stored campaign: as its form would ask, so the count is the same. */
    private static String audienceQuery(Campaign c) {
        CampaignSchedule schedule = CampaignSchedule.of(c.cron(), c.segment(), c.segmentParams());
        List<String> parts = new ArrayList<>();
        java.util.function.BiConsumer<String, String> add = (k, v) -> parts.add(
                java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8) + "="
                + java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
        add.accept("segment", c.segment());
        add.accept("timeZone", c.timeZone());
        add.accept("template", c.template());
        add.accept("channel", c.channel());
        add.accept("schedule", schedule.kind());
        add.accept("time", schedule.time());
        if (schedule.local()) {
            add.accept("local", "on");
        }
        c.segmentParams().forEach((k, v) -> {
            if (v instanceof List<?> list && k.equals("holidays")) {
                list.forEach(item -> add.accept("param." + k, String.valueOf(item)));
            } else {
                add.accept("param." + k, v instanceof String text ? text : Json.write(v));
            }
        });
        return String.join("&", parts);
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
        Map<String, Object> params = formParams(ctx.queryParamMap());
        // "at each customer's own time" narrows each hourly firing to one local hour: the audience is the whole day's
        params.remove("localHour");
        boolean local = ctx.queryParam("local") != null && List.of("daily", "holiday").contains(ctx.queryParam("schedule"));
        String zone = ctx.queryParam("timeZone") == null ? s.defaultZone().getId() : ctx.queryParam("timeZone");
        try {
            List<Customer> sample = new ArrayList<>();
            int count = audience(segmentId, params, zone, Integer.MAX_VALUE, m -> {
                if (sample.size() < 10) {
                    sample.add(m.customer());
                }
            });
            pages.render(ctx, "fragment-audience", Forms.model("count", count, "rows",
                    reach(sample, ctx.queryParam("channel"), ctx.queryParam("template")),
                    "local", local, "time", ctx.queryParam("time") == null ? "" : ctx.queryParam("time")));
        } catch (InvalidInputException e) {
            pages.render(ctx, "fragment-audience", Forms.model("error", e.getMessage()));
        } catch (DateTimeException e) {
            pages.render(ctx, "fragment-audience", Forms.model("error", "timeZone: " + e.getMessage()));
        }
    }

    private static DateTimeFormatter fire(Context ctx) {
        return "zh".equals(PageRenderer.lang(ctx)) ? FIRE_ZH : FIRE;
    }

    /**
     * For each sample customer: the channel a run would use under the form's preference (or why none), and where
     * to see the message they would receive.
     */
    private List<Map<String, Object>> reach(List<Customer> sample, String channel, String template) {
        List<String> preference = channel == null ? List.of() : java.util.Arrays.stream(channel.split(","))
                .map(String::strip).filter(c -> !c.isEmpty()).toList();
        boolean known = !preference.isEmpty() && channels.containsAll(preference);
        Map<Long, dev.girard.delivery.CampaignRunner.Reach> reach = known ? s.runner().reach(preference, sample) : Map.of();
        boolean named = template != null && template.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Customer c : sample) {
            dev.girard.delivery.CampaignRunner.Reach r = reach.get(c.id());
            String href = null;
            if (r != null && r.reachable() && named) {
                href = switch (r.channel()) {
                    case "sms" -> s.templates().smsTemplateExists(template)
                            ? "/admin/templates/sms/" + template + "?customer=" + c.id() : null;
                    case "postcard" -> "/admin/templates/email/" + template + "?customer=" + c.id() + "#postcard";
                    default -> "/admin/templates/email/" + template + "?customer=" + c.id();
                };
            }
            rows.add(Forms.model("c", c, "reach", r, "href", href));
        }
        return rows;
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
            CampaignSchedule choice = CampaignSchedule.fromForm(ctx.queryParam("schedule"), ctx.queryParam("day"),
                    ctx.queryParam("month"), ctx.queryParam("time"), ctx.queryParam("everyMinutes"), ctx.queryParam("cron"),
                    ctx.queryParam("local") != null);
            String cron = choice.cron();
            CronExpression.validateExpression(cron);
            ZoneId zone = ZoneId.of(ctx.queryParam("timeZone") == null ? s.defaultZone().getId() : ctx.queryParam("timeZone"));
            List<String> fires = CampaignScheduler.nextFireTimes(cron, zone, s.clock().instant(), 5).stream()
                    .map(t -> fire(ctx).format(t.atZone(zone))).toList();
            pages.render(ctx, "fragment-schedule", Forms.model("words", choice.describe(pages.messages(),
                    PageRenderer.lang(ctx), zone.getId(), formParams(ctx.queryParamMap())), "cron", cron, "fires", fires,
                    "local", choice.local()));
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
