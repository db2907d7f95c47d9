package dev.girard.web.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.girard.auth.SessionStore;
import dev.girard.auth.User;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** Reading forms and answering them: values, numbers with the field named, the signed-in user, redirects. */
final class Forms {
    private Forms() {
    }

    static String text(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value.strip();
    }

    static Integer integer(Context ctx, String name, List<FieldError> errors) {
        String raw = text(ctx, name);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(raw);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, raw, "must be a whole number"));
            return null;
        }
    }

    static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, raw, "must be a number");
        }
    }

    /** A whole-number id given as text, refused with the field named. */
    static long pathIdValue(String name, String raw) {
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, raw, "must be a number");
        }
    }

    static int queryInt(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(raw.strip())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static User user(Context ctx) {
        SessionStore.Session session = ctx.attribute(PageRenderer.USER);
        return session.user();
    }

    /** After a successful POST: see the result page (Post/Redirect/Get), with a message key to show once. */
    static void seeOther(Context ctx, String location, String message) {
        String separator = location.contains("?") ? "&" : "?";
        ctx.redirect(message == null ? location : location + separator + "done=" + message, HttpStatus.SEE_OTHER);
    }

    /** Field errors by field name, for showing next to the inputs. */
    static Map<String, String> byField(List<FieldError> errors) {
        Map<String, String> map = new LinkedHashMap<>();
        for (FieldError e : errors) {
            map.merge(e.field(), (e.value() == null || e.value().isEmpty() ? "" : "'" + e.value() + "' ") + e.reason(),
                    (a, b) -> a + "; " + b);
        }
        return map;
    }

    static Map<String, Object> model(Object... pairs) {
        Map<String, Object> model = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            model.put((String) pairs[i], pairs[i + 1]);
        }
        return model;
    }
}
