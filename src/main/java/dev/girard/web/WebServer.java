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
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.ForbiddenResponse;
import io.javalin.json.JavalinJackson;

/**
 * The HTTP server: the REST API under /api (bearer token required), /health, /openapi.json, the start page and
 * the public unsubscribe links under /u.
 * Controllers do HTTP only; the work is the services'.
 */
public final class WebServer {
    private final Javalin app;
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final String openApi;

    public record Controllers(CustomerController customers, CampaignController campaigns, DeliveryController deliveries,
            TemplateController templates, SmsController sms, UnsubscribeController unsubscribe) {
    }

    WebServer(UserStore users, Controllers controllers, Supplier<Map<String, Object>> health) {
        this.openApi = resource("/openapi.json");
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = 512L * 1024 * 1024;
            config.events(events -> events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod() && h.getHttpMethod() != HandlerType.HEAD) {
                    routes.add(h.getHttpMethod().name() + " " + h.getPath());
                }
            }));
            config.router.apiBuilder(() -> {
                get("/health", ctx -> ctx.json(health.get()));
                get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
                get("/", WebServer::startPage);
                controllers.customers().routes();
                controllers.campaigns().routes();
                controllers.deliveries().routes();
                controllers.templates().routes();
                controllers.sms().routes();
                controllers.unsubscribe().routes();
            });
        });
        app.beforeMatched("/api/*", ctx -> authenticate(ctx, users));
        ApiErrors.register(app);
    }

    /** Factory for the wiring in App, which lives in another package. */
    public static WebServer create(UserStore users, Controllers controllers, Supplier<Map<String, Object>> health) {
        return new WebServer(users, controllers, health);
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

    private static void startPage(Context ctx) {
        ctx.html("""
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Girard</title></head>
                <body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5">
                <h1>Girard</h1>
                <p>Customer-contact campaigns: monthly cards, birthdays, thank-yous.</p>
                <ul><li><a href="/openapi.json">API description (OpenAPI)</a></li>
                <li><a href="/health">Health</a></li></ul>
                <p>The API under <code>/api</code> needs a token: <code>girard user add NAME</code> prints one.</p>
                </body></html>""");
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
        return this;
    }

    public int port() {
        return app.port();
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
