package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.girard.auth.User;
import dev.girard.auth.UserStore;
import dev.girard.core.Json;
import io.javalin.Javalin;
import dev.girard.web.admin.AdminPages;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.ForbiddenResponse;
import io.javalin.json.JavalinJackson;

/**
 * The HTTP server: the REST API under /api (bearer token required), /health, /openapi.json, the public
 * unsubscribe links under /u, and the admin page under /admin (signed-in session), with its scripts from
 * WebJars and its own assets under /assets.
 * Controllers do HTTP only; the work is the services'.
 */
public final class WebServer {
    private final Javalin app;
    private volatile int port = -1;
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final String openApi;

    public record Controllers(CustomerController customers, ImportController imports, CampaignController campaigns,
            DeliveryController deliveries, TemplateController templates, SegmentController segments, SmsController sms,
            UnsubscribeController unsubscribe) {
    }

    WebServer(UserStore users, Controllers controllers, AdminPages admin, Supplier<Map<String, Object>> health) {
        this.openApi = resource("/openapi.json");
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/admin/assets";
                files.location = Location.CLASSPATH;
            });
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = 512L * 1024 * 1024;
            config.events(events -> events.handlerAdded(h -> {
                // the admin pages are for browsers, not part of the API the OpenAPI document describes
                if (h.getHttpMethod().isHttpMethod() && h.getHttpMethod() != HandlerType.HEAD
                        && !h.getPath().startsWith("/admin")) {
                    routes.add(h.getHttpMethod().name() + " " + h.getPath());
                }
            }));
            config.router.apiBuilder(() -> {
                get("/health", ctx -> ctx.json(health.get()));
                get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
                get("/", ctx -> ctx.redirect("/admin/"));
                controllers.customers().routes();
                controllers.imports().routes();
                controllers.campaigns().routes();
                controllers.deliveries().routes();
                controllers.templates().routes();
                controllers.segments().routes();
                controllers.sms().routes();
                controllers.unsubscribe().routes();
                admin.routes();
            });
        });
        app.beforeMatched("/api/*", ctx -> authenticate(ctx, users));
        admin.guard(app);
        ApiErrors.register(app);
    }

    /** Factory for the wiring in App, which lives in another package. */
    public static WebServer create(UserStore users, Controllers controllers, AdminPages admin,
            Supplier<Map<String, Object>> health) {
        return new WebServer(users, controllers, admin, health);
    }

    private static void authenticate(Context ctx, UserStore users) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        User user = users.authenticate(token).orElse(null);
        if (user == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse(token == null
                    ? "An API token is required: send 'Authorization: Bearer <token>' (create one with: girard user add NAME)"
                    : "The API token is not valid");
        }
        if (user.role().equals("viewer") && ctx.method() != HandlerType.GET) {
            throw new ForbiddenResponse("User " + user.name() + " is a viewer and may only read");
        }
        ctx.attribute("user", user);
    }

    private static String resource(String path) {
        try (InputStream in = WebServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebServer start(String host, int port) {
        app.start(host, port);
        this.port = app.port();
        return this;
    }

    /** The port it listens on (Javalin asks Jetty's connectors each time; links in every message need it). */
    public int port() {
        return port;
    }

    public Javalin javalin() {
        return app;
    }

    /** Every route the server answers, as "METHOD /path", for checking the API description. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    public void stop() {
        app.stop();
    }
}
