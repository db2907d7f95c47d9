package dev.girard.web;

import java.util.Map;

import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import io.javalin.http.Context;

/** Small helpers for reading request input with errors that name the parameter. */
final class Requests {
    private Requests() {
    }

    static Map<String, Object> jsonObject(Context ctx) {
        return Json.readObject(ctx.body(), "body");
    }

    static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
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
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw new InvalidInputException(name, raw, "must be from " + min + " to " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, raw, "must be a whole number");
        }
    }

    static boolean queryBoolean(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return false;
        }
        return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidInputException(name, raw, "must be true or false");
        };
    }

    static Long queryLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, raw, "must be a number");
        }
    }
}
