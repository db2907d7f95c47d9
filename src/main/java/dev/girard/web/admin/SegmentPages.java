package dev.girard.web.admin;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.girard.auth.User;
import dev.girard.core.ConflictException;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import dev.girard.segment.SavedSegments;
import dev.girard.segment.SegmentPreview;
import dev.girard.segment.SegmentRegistry;
import io.javalin.http.Context;

/**
 * Segments: the builder (conditions, groups, relative dates over the filter fields) with the audience count and
 * a sample that follow every edit, saving a segment under a name for campaigns, and the built-in segments.
 */
final class SegmentPages {
    private final AdminServices s;
    private final PageRenderer pages;

    SegmentPages(AdminServices services, PageRenderer pages) {
        this.s = services;
        this.pages = pages;
    }

    /** The builder, empty, with the saved and built-in segments below it. */
    void list(Context ctx) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "");
        values.put("description", "");
        values.put("base", "custom");
        values.put("params", "{\"filter\": {\"all\": []}}");
        values.put("version", "");
        page(ctx, 200, null, values, Map.of(), false);
    }

    /** The builder with a saved segment in it, to edit. */
    void edit(Context ctx) {
        SavedSegments.Definition d = s.segments().savedSegments().get(Forms.pathId(ctx, "id"));
        page(ctx, 200, d, values(d), Map.of(), false);
    }

    private static Map<String, Object> values(SavedSegments.Definition d) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", d.name());
        values.put("description", d.description() == null ? "" : d.description());
        values.put("base", d.base());
        values.put("params", Json.write(d.params()));
        values.put("version", String.valueOf(d.version()));
        return values;
    }

    private void page(Context ctx, int status, SavedSegments.Definition editing, Map<String, Object> values,
            Map<String, String> errors, boolean conflict) {
        ctx.status(status);
        pages.render(ctx, "segments", Forms.model("segments", s.segments().all(), "saved", s.segments().savedSegments().list(),
                "editing", editing, "v", values, "errors", errors, "conflict", conflict,
                "fields", Json.write(SegmentRegistry.filterFields()), "fieldLabels", Json.write(fieldLabels(ctx)),
                "done", ctx.queryParam("done")));
    }

    /** A value that made a customer match, as a marketer reads it: dates as dates, money in currency units. */
    private String shown(String column, Object value) {
        if (value == null) {
            return "";
        }
        String type = SegmentRegistry.filterFields().stream().filter(f -> f.name().equals(column))
                .map(SegmentRegistry.FilterField::type).findFirst().orElse("");
        if (value instanceof Number n) {
            if (type.equals("instant")) {
                return java.time.Instant.ofEpochMilli(n.longValue()).atZone(s.defaultZone()).toLocalDate().toString();
            }
            if (type.equals("money") || column.endsWith(".sumCents")) {
                return String.format(java.util.Locale.ROOT, "%,.2f", n.doubleValue() / 100);
            }
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                return String.format(java.util.Locale.ROOT, "%.1f", n.doubleValue());
            }
            return String.valueOf(n.longValue());
        }
        return value.toString();
    }

    /** Each filter field's name in the user's language, for the builder's field menu. */
    private Map<String, String> fieldLabels(Context ctx) {
        String lang = PageRenderer.lang(ctx);
        Map<String, String> labels = new LinkedHashMap<>();
        for (SegmentRegistry.FilterField f : SegmentRegistry.filterFields()) {
            labels.put(f.name(), pages.messages().text(lang, "builder.field." + f.name()));
        }
        return labels;
    }

    void create(Context ctx) {
        save(ctx, null);
    }

    void update(Context ctx) {
        save(ctx, s.segments().savedSegments().get(Forms.pathId(ctx, "id")));
    }

    private void save(Context ctx, SavedSegments.Definition current) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String key : List.of("name", "description", "base", "params", "version")) {
            values.put(key, Forms.text(ctx, key));
        }
        User me = Forms.user(ctx);
        try {
            Map<String, Object> params = Json.readObject(Forms.text(ctx, "params"), "params");
            SavedSegments.Definition saved;
            if (current == null) {
                saved = s.segments().savedSegments().create(Forms.text(ctx, "name"), Forms.text(ctx, "description"),
                        Forms.text(ctx, "base"), params, me.name());
            } else {
                Integer version = Forms.integer(ctx, "version", new java.util.ArrayList<>());
                saved = s.segments().savedSegments().update(current.id(), version == null ? -1 : version,
                        Forms.text(ctx, "name"), Forms.text(ctx, "description"), Forms.text(ctx, "base"), params, me.name());
            }
            s.audit().record(me.name(), current == null ? "create" : "update", "segment", saved.id(), current, saved);
            Forms.seeOther(ctx, "/admin/segments/saved/" + saved.id(), "saved");
        } catch (InvalidInputException e) {
            page(ctx, 400, current, values, Forms.byField(e.errors()), false);
        } catch (ConflictException e) {
            page(ctx, 409, current, values, Map.of(), true);
        }
    }

    void delete(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        SavedSegments.Definition gone = s.segments().savedSegments().delete(id);
        s.audit().record(Forms.user(ctx).name(), "delete", "segment", id, gone, null);
        Forms.seeOther(ctx, "/admin/segments", "deleted");
    }

    /**
     * The audience of the segment in the builder now: how many, and the first 20 with the values that made them
     * match. A GET, so viewers can explore too; nothing is stored.
     */
    void preview(Context ctx) {
        String base = ctx.queryParam("base") == null ? "custom" : ctx.queryParam("base");
        try {
            Map<String, Object> params = Json.readObject(ctx.queryParam("params"), "params");
            ZoneId zone = ZoneId.of(ctx.queryParam("timeZone") == null || ctx.queryParam("timeZone").isBlank()
                    ? s.defaultZone().getId() : ctx.queryParam("timeZone"));
            SegmentPreview preview = s.segments().preview(base, params, s.clock().instant(), zone, s.defaultZone());
            List<String> columns = preview.sample().stream().flatMap(m -> m.values().keySet().stream()).distinct().toList();
            Map<String, String> labels = fieldLabels(ctx);
            List<Map<String, Object>> rows = preview.sample().stream().map(m -> Forms.model("m", m, "cells",
                    columns.stream().map(col -> shown(col, m.values().get(col))).toList())).toList();
            pages.render(ctx, "fragment-segment-preview", Forms.model("preview", preview, "rows", rows,
                    "columns", columns.stream().map(col -> labels.getOrDefault(col, col)).toList()));
        } catch (InvalidInputException e) {
            ctx.status(200);
            pages.render(ctx, "fragment-segment-preview", Forms.model("errors", e.errors()));
        } catch (DateTimeException e) {
            pages.render(ctx, "fragment-segment-preview", Forms.model("errors",
                    List.of(new FieldError("timeZone", ctx.queryParam("timeZone"), "is not an IANA time zone"))));
        }
    }
}
