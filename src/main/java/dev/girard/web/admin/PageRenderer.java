package dev.girard.web.admin;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.girard.auth.SessionStore;
import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.javalin.http.Context;

/**
 * The admin page's own FreeMarker: trusted page templates from the class path ({@code admin/pages/*.ftlh}),
 * everything HTML-escaped on output. It is a different {@link Configuration} from the sandbox that renders
 * marketers' templates, and never loads a template a user wrote.
 */
final class PageRenderer {
    static final String USER = "adminSession";
    static final String LANG = "adminLang";

    private final Configuration freemarker;
    private final Messages messages;
    private final Format format;

    PageRenderer(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.format = new Format(zone);
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setTemplateLoader(new ClassTemplateLoader(PageRenderer.class.getClassLoader(), "admin/pages"));
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setLocalizedLookup(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setNumberFormat("computer");
        cfg.setLocale(Locale.ROOT);
        this.freemarker = cfg;
    }

    Messages messages() {
        return messages;
    }

    /** Renders a page (or an htmx fragment) with the signed-in user, the language, t(…) and the CSRF token. */
    void render(Context ctx, String page, Map<String, Object> model) {
        ctx.contentType("text/html; charset=utf-8").result(html(ctx, page, model));
    }

    String html(Context ctx, String page, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        String lang = lang(ctx);
        SessionStore.Session session = ctx.attribute(USER);
        all.put("lang", lang);
        all.put("t", messages.method(lang));
        all.put("fmt", format);
        all.put("path", ctx.path());
        if (session != null) {
            all.put("me", session.user());
            all.put("csrf", session.csrfToken());
        }
        StringWriter out = new StringWriter();
        try {
            freemarker.getTemplate(page + ".ftlh").process(all, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TemplateException e) {
            throw new IllegalStateException("Admin page " + page + " failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    static String lang(Context ctx) {
        String lang = ctx.attribute(LANG);
        return lang == null ? "en" : lang;
    }

    /** Formatting helpers for page templates: times in the server's zone, money, percentages. */
    public static final class Format {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        private final ZoneId zone;

        Format(ZoneId zone) {
            this.zone = zone;
        }

        public String time(Object instant) {
            if (instant instanceof Instant i) {
                return TIME.format(i.atZone(zone));
            }
            if (instant instanceof Number n) {
                return TIME.format(Instant.ofEpochMilli(n.longValue()).atZone(zone));
            }
            return instant == null ? "" : instant.toString();
        }

        /** An instant in a named zone (a campaign's), with the zone's abbreviation. */
        public String timeIn(Object instant, String zoneId) {
            if (instant instanceof Instant i) {
                return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z").format(i.atZone(ZoneId.of(zoneId)));
            }
            return time(instant);
        }

        public String zone() {
            return zone.getId();
        }

        /** Hundredths of a currency unit as 1,234.56. */
        public String cents(Number cents) {
            return cents == null ? "" : String.format(Locale.ROOT, "%,.2f", cents.doubleValue() / 100);
        }

        /** Millionths of a currency unit as 1,234.5678. */
        public String micros(Number micros) {
            return micros == null ? "" : String.format(Locale.ROOT, "%,.4f", micros.doubleValue() / 1_000_000);
        }

        /** A share 0..1 as 12.3%. */
        public String pct(Number share) {
            return share == null || Double.isNaN(share.doubleValue()) ? "–"
                    : String.format(Locale.ROOT, "%.1f%%", share.doubleValue() * 100);
        }

        public String num(Number n) {
            return n == null ? "" : String.format(Locale.ROOT, "%,d", n.longValue());
        }

        public String decimal(Number n) {
            return n == null || Double.isNaN(n.doubleValue()) ? "–" : String.format(Locale.ROOT, "%.1f", n.doubleValue());
        }
    }
}
