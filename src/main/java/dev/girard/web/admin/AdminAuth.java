package dev.girard.web.admin;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.girard.auth.SessionStore;
import dev.girard.auth.User;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;

/**
 * Sign-in, sign-out and the guard in front of every admin page: a session cookie (HttpOnly, SameSite=Lax,
 * Secure over HTTPS), a CSRF token on every state-changing request, roles (viewers only read; users are the
 * admin's), throttled failed sign-ins, and security headers.
 */
final class AdminAuth {
    static final String COOKIE = "girard_session";
    static final String LOGIN_COOKIE = "girard_login";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    // pages and the scripts they load come only from this server; templates' HTML previews run no scripts
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'self'";

    private final AdminServices services;
    private final PageRenderer pages;

    AdminAuth(AdminServices services, PageRenderer pages) {
        this.services = services;
        this.pages = pages;
    }

    /** Before every /admin request: headers, language, session, CSRF and role checks. */
    void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
        Optional<SessionStore.Session> session = services.sessions().find(ctx.cookie(COOKIE));
        session.ifPresent(s -> ctx.attribute(PageRenderer.USER, s));
        ctx.attribute(PageRenderer.LANG, Messages.choose(session.map(s -> s.user().locale()).orElse(null),
                ctx.queryParam("lang") != null ? ctx.queryParam("lang") : ctx.header("Accept-Language")));
        String path = ctx.path();
        if (path.equals("/admin/login")) {
            return;
        }
        if (session.isEmpty()) {
            if (ctx.method() == HandlerType.GET && ctx.header("HX-Request") == null) {
                ctx.redirect("/admin/login?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            ctx.header("HX-Redirect", "/admin/login");
            throw new UnauthorizedResponse("Sign in first");
        }
        User user = session.get().user();
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            String sent = ctx.header(CSRF_HEADER) != null ? ctx.header(CSRF_HEADER) : ctx.formParam(CSRF_FIELD);
            if (!same(sent, session.get().csrfToken())) {
                throw new ForbiddenResponse("This form has expired or did not come from Girard: reload the page and try again");
            }
            boolean ownSettings = path.equals("/admin/logout") || path.equals("/admin/settings");
            if (!user.canEdit() && !ownSettings) {
                throw new ForbiddenResponse("User " + user.name() + " is a viewer and may only read");
            }
        }
        if (path.startsWith("/admin/users") && !user.isAdmin()) {
            throw new ForbiddenResponse("Only an admin manages users");
        }
    }

    void loginPage(Context ctx) {
        showLogin(ctx, 200, null, ctx.queryParam("next"));
    }

    private void showLogin(Context ctx, int status, String error, String next) {
        String token = newLoginToken();
        ctx.res().addHeader("Set-Cookie", cookie(LOGIN_COOKIE, token, "/admin/login", 3600));
        ctx.status(status);
        java.util.HashMap<String, Object> model = new java.util.HashMap<>();
        model.put("loginCsrf", token);
        model.put("next", safeNext(next));
        if (error != null) {
            model.put("error", error);
        }
        model.put("name", ctx.formParam("name") == null ? "" : ctx.formParam("name"));
        pages.render(ctx, "login", model);
    }

    void login(Context ctx) {
        String next = ctx.formParam("next");
        if (!same(ctx.formParam(CSRF_FIELD), ctx.cookie(LOGIN_COOKIE))) {
            showLogin(ctx, 403, "login.expired", next);
            return;
        }
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        String address = ctx.ip();
        long wait = services.throttle().retryAfterSeconds(name, address);
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait));
            showLogin(ctx, 429, "login.throttled", next);
            return;
        }
        Optional<User> user = services.users().signIn(name, ctx.formParam("password"));
        if (user.isEmpty()) {
            services.throttle().failed(name, address);
            showLogin(ctx, 401, "login.failed", next);
            return;
        }
        services.throttle().succeeded(name);
        SessionStore.Created created = services.sessions().create(user.get());
        ctx.res().addHeader("Set-Cookie", cookie(COOKIE, created.cookieValue(), "/",
                services.sessions().lifetime().toSeconds()));
        ctx.res().addHeader("Set-Cookie", cookie(LOGIN_COOKIE, "", "/admin/login", 0));
        ctx.redirect(safeNext(next), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        services.sessions().delete(ctx.cookie(COOKIE));
        ctx.res().addHeader("Set-Cookie", cookie(COOKIE, "", "/", 0));
        ctx.redirect("/admin/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private String cookie(String name, String value, String path, long maxAgeSeconds) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (services.secureCookies() ? "; Secure" : "");
    }

    private static String newLoginToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Only a path on this server's admin page, never another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/admin") || next.contains("//") || next.contains("\\")
                || next.startsWith("/admin/login")) {
            return "/admin/";
        }
        return next;
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && !a.isEmpty()
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
