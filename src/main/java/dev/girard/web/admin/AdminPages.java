package dev.girard.web.admin;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.audit.AuditLog;
import dev.girard.auth.User;
import dev.girard.campaign.Campaign;
import dev.girard.campaign.CampaignStatus;
import dev.girard.core.ConflictException;
import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import dev.girard.core.NotFoundException;
import dev.girard.delivery.Run;
import dev.girard.render.TemplateProblem;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;


/**
 * The admin page under /admin: server-rendered pages (FreeMarker) with htmx for the live parts and Chart.js
 * for the chart, both from WebJars. Every page uses the same services as the API; every page but sign-in
 * needs a session, and every state-changing request a CSRF token.
 */
public final class AdminPages {
    private static final Logger LOG = LoggerFactory.getLogger(AdminPages.class);

    private final AdminServices s;
    private final PageRenderer pages;
    private final AdminAuth auth;
    private final CampaignPages campaigns;
    private final RunPages runs;
    private final TemplatePages templates;
    private final CustomerPages customers;
    private final ReportPages reports;
    private final SegmentPages segments;

    /** @param channels the channels this server sends on, for the campaign form */
    public AdminPages(AdminServices services, List<String> channels) {
        this.s = services;
        this.pages = new PageRenderer(new Messages(), services.defaultZone());
        this.auth = new AdminAuth(services, pages);
        this.campaigns = new CampaignPages(services, pages, channels);
        this.runs = new RunPages(services, pages);
        this.templates = new TemplatePages(services, pages);
        this.customers = new CustomerPages(services, pages);
        this.reports = new ReportPages(services, pages);
        this.segments = new SegmentPages(services, pages);
    }

    /** The guard in front of every admin page; registered by the web server before the routes. */
    public void guard(Javalin app) {
        Handler guard = ctx -> {
            try {
                auth.guard(ctx);
            } catch (RuntimeException e) {
                error(ctx, e);
                ctx.skipRemainingHandlers();
            }
        };
        app.before("/admin", guard);
        app.before("/admin/*", guard);
    }

    /** Registers the pages; call inside the router's api builder. */
    public void routes() {
        get("/admin/login", page(auth::loginPage));
        post("/admin/login", page(auth::login));
        post("/admin/logout", page(auth::logout));
        // Javalin ignores a trailing slash: this is also /admin/
        get("/admin", page(this::dashboard));
        get("/admin/dashboard/runs", page(this::activeRuns));

        get("/admin/campaigns", page(campaigns::list));
        get("/admin/campaigns/new", page(campaigns::newForm));
        post("/admin/campaigns", page(campaigns::create));
        get("/admin/campaigns/audience", page(campaigns::audienceFragment));
        get("/admin/campaigns/schedule", page(campaigns::scheduleFragment));
        get("/admin/campaigns/{id}", page(campaigns::show));
        get("/admin/campaigns/{id}/edit", page(campaigns::editForm));
        post("/admin/campaigns/{id}", page(campaigns::update));
        post("/admin/campaigns/{id}/status", page(campaigns::status));
        post("/admin/campaigns/{id}/run", page(campaigns::runNow));
        post("/admin/campaigns/{id}/test", page(campaigns::sendTest));

        get("/admin/segments", page(segments::list));
        post("/admin/segments", page(segments::create));
        get("/admin/segments/preview", page(segments::preview));
        get("/admin/segments/saved/{id}", page(segments::edit));
        post("/admin/segments/saved/{id}", page(segments::update));
        post("/admin/segments/saved/{id}/delete", page(segments::delete));
        get("/admin/runs", page(runs::list));
        get("/admin/runs/{id}", page(runs::show));
        get("/admin/runs/{id}/progress", page(runs::progress));
        post("/admin/runs/{id}/pause", page(runs::pause));
        post("/admin/runs/{id}/resume", page(runs::resume));
        post("/admin/runs/{id}/cancel", page(runs::cancel));

        get("/admin/templates", page(templates::list));
        post("/admin/templates", page(templates::create));
        get("/admin/templates/{channel}/{name}", page(templates::edit));
        post("/admin/templates/{channel}/{name}", page(templates::save));
        post("/admin/templates/{channel}/{name}/preview", page(templates::preview));
        get("/admin/templates/{channel}/{name}/versions", page(templates::versions));
        post("/admin/templates/{channel}/{name}/restore", page(templates::restore));
        get("/admin/postcards/{name}/preview", page(templates::postcardPreview));

        get("/admin/customers", page(customers::list));
        get("/admin/customers/import", page(customers::importForm));
        post("/admin/customers/import", page(customers::importUpload));
        get("/admin/customers/{id}", page(customers::show));
        get("/admin/imports/{id}", page(customers::importPage));
        get("/admin/imports/{id}/progress", page(customers::importProgress));
        get("/admin/imports/{id}/errors.csv", page(customers::importErrors));

        get("/admin/reports", page(reports::list));
        get("/admin/reports/{id}", page(reports::show));
        get("/admin/reports/{id}/csv", page(reports::csv));

        get("/admin/audit", page(this::audit));
        get("/admin/users", page(this::users));
        post("/admin/users", page(this::addUser));
        post("/admin/users/{id}/role", page(this::setRole));
        get("/admin/settings", page(this::settings));
        post("/admin/settings", page(this::saveSettings));
    }

    /** Runs a page handler; a domain error becomes an error page with the status the API would give. */
    private Handler page(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (RuntimeException e) {
                error(ctx, e);
            }
        };
    }

    private void error(Context ctx, RuntimeException e) {
        int status;
        String message = e.getMessage();
        if (e instanceof InvalidInputException) {
            status = 400;
        } else if (e instanceof NotFoundException) {
            status = 404;
        } else if (e instanceof ConflictException) {
            status = 409;
        } else if (e instanceof TemplateProblem) {
            status = 422;
        } else if (e instanceof HttpResponseException h) {
            status = h.getStatus();
        } else {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            status = 500;
            message = "Internal error: " + e.getClass().getSimpleName() + " (see the server log)";
        }
        ctx.status(status);
        pages.render(ctx, "error", Forms.model("status", status, "message", message));
    }

    private void dashboard(Context ctx) {
        List<Map<String, Object>> active = new ArrayList<>();
        for (Campaign c : s.campaigns().list()) {
            if (c.status() == CampaignStatus.ACTIVE) {
                active.add(Forms.model("c", c, "next", s.scheduler().nextFireTime(c.id()).orElse(null)));
            }
        }
        List<Run> attention = new ArrayList<>();
        for (long id : s.runs().withStatus(Run.PAUSED)) {
            Run run = s.runs().get(id);
            if (run.pausedReason() != null && !run.pausedReason().startsWith("paused by")) {
                attention.add(run);
            }
        }
        for (Run run : s.runs().list(null, 50)) {
            if (run.status().equals(Run.FAILED)) {
                attention.add(run);
            }
        }
        pages.render(ctx, "dashboard", Forms.model("active", active, "running", running(),
                "chart", Json.write(s.reports().sendsPerDay(30)), "failures", s.reports().recentFailures(7, 10),
                "attention", attention, "names", runs.campaignNames()));
    }

    private List<Run> running() {
        List<Run> running = new ArrayList<>();
        for (String status : List.of(Run.PLANNING, Run.SENDING, Run.PAUSED)) {
            s.runs().withStatus(status).forEach(id -> running.add(s.runs().get(id)));
        }
        return running;
    }

    private void activeRuns(Context ctx) {
        pages.render(ctx, "fragment-active-runs", Forms.model("running", running(), "names", runs.campaignNames()));
    }

    private void audit(Context ctx) {
        String type = ctx.queryParam("type");
        int page = Forms.queryInt(ctx, "page", 0, 0, 100_000);
        List<AuditLog.Entry> entries = s.audit().recent(type == null || type.isBlank() ? null : type, 51, page * 50);
        pages.render(ctx, "audit", Forms.model("entries", entries.subList(0, Math.min(50, entries.size())),
                "more", entries.size() > 50, "page", page, "type", type == null ? "" : type));
    }

    private void users(Context ctx) {
        pages.render(ctx, "users", Forms.model("users", s.users().list(), "roles", List.of("admin", "marketer", "viewer"),
                "done", ctx.queryParam("done")));
    }

    private void addUser(Context ctx) {
        String name = Forms.text(ctx, "name");
        String role = Forms.text(ctx, "role");
        if (s.users().findByName(name).isPresent()) {
            throw new InvalidInputException("name", name, "is taken");
        }
        User user = s.users().addUser(name, role);
        s.users().setPassword(name, ctx.formParam("password"));
        s.audit().record(Forms.user(ctx).name(), "create", "user", user.name(), null, Map.of("role", role));
        Forms.seeOther(ctx, "/admin/users", "added");
    }

    private void setRole(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        User before = s.users().find(id).orElseThrow(() -> new NotFoundException("No user " + id));
        User after = s.users().setRole(id, Forms.text(ctx, "role"));
        s.audit().record(Forms.user(ctx).name(), "role", "user", before.name(), Map.of("role", before.role()),
                Map.of("role", after.role()));
        Forms.seeOther(ctx, "/admin/users", "saved");
    }

    private void settings(Context ctx) {
        pages.render(ctx, "settings", Forms.model("done", ctx.queryParam("done")));
    }

    private void saveSettings(Context ctx) {
        User me = Forms.user(ctx);
        s.users().updateSettings(me.id(), Forms.text(ctx, "email"), Forms.text(ctx, "locale"));
        String password = ctx.formParam("newPassword");
        if (password != null && !password.isEmpty()) {
            if (s.users().signIn(me.name(), ctx.formParam("currentPassword")).isEmpty()) {
                throw new InvalidInputException("currentPassword", "", "is not your current password");
            }
            s.users().setPassword(me.name(), password);
            s.audit().record(me.name(), "password", "user", me.name(), null, null);
        }
        Forms.seeOther(ctx, "/admin/settings", "saved");
    }

}
