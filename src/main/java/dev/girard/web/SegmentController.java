package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.girard.audit.AuditLog;
import dev.girard.auth.User;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.segment.Member;
import dev.girard.segment.SavedSegments;
import dev.girard.segment.SegmentPreview;
import dev.girard.segment.SegmentRegistry;
import io.javalin.http.Context;

/**
 * /api/segments: the segments campaigns can name (built-in and saved), the fields a filter tree can test,
 * a preview of who a segment selects, and saving segments under a name.
 */
public final class SegmentController {
    private static final Set<String> PREVIEW_FIELDS = Set.of("segment", "segmentParams", "filter", "at", "timeZone");
    private static final Set<String> SAVED_FIELDS = Set.of("name", "description", "segment", "segmentParams", "version",
            "id", "createdAt", "updatedAt", "updatedBy");

    private final SegmentRegistry segments;
    private final ZoneId defaultZone;
    private final Clock clock;
    private final AuditLog audit;

    public SegmentController(SegmentRegistry segments, ZoneId defaultZone, Clock clock, AuditLog audit) {
        this.segments = segments;
        this.defaultZone = defaultZone;
        this.clock = clock;
        this.audit = audit;
    }

    void routes() {
        get("/api/segments", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("segments", segments.all().stream().map(s -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("id", s.id());
                view.put("description", s.description());
                view.put("parameters", s.parameters());
                return view;
            }).toList());
            body.put("saved", segments.savedSegments().list().stream().map(SegmentController::saved).toList());
            body.put("filterFields", SegmentRegistry.filterFields());
            ctx.json(body);
        });
        post("/api/segments/preview", this::preview);
        get("/api/segments/saved", ctx -> ctx.json(Map.of("saved",
                segments.savedSegments().list().stream().map(SegmentController::saved).toList())));
        post("/api/segments/saved", this::create);
        get("/api/segments/saved/{id}", ctx -> ctx.json(saved(segments.savedSegments().get(Requests.pathId(ctx, "id")))));
        put("/api/segments/saved/{id}", this::update);
        delete("/api/segments/saved/{id}", ctx -> {
            SavedSegments.Definition gone = segments.savedSegments().delete(Requests.pathId(ctx, "id"));
            audit.record(userName(ctx), "delete", "segment", gone.id(), gone, null);
            ctx.status(204);
        });
    }

    private void create(Context ctx) {
        Map<String, Object> body = savedBody(ctx);
        SavedSegments.Definition created = segments.savedSegments().create(text(body, "name"), text(body, "description"),
                text(body, "segment"), params(body), userName(ctx));
        audit.record(userName(ctx), "create", "segment", created.id(), null, created);
        ctx.status(201).json(saved(created));
    }

    private void update(Context ctx) {
        long id = Requests.pathId(ctx, "id");
        Map<String, Object> body = savedBody(ctx);
        SavedSegments.Definition before = segments.savedSegments().get(id);
        if (!(body.get("version") instanceof Integer version)) {
            throw new InvalidInputException("version", String.valueOf(body.get("version")),
                    "is required: the version read with the saved segment (now " + before.version() + ")");
        }
        SavedSegments.Definition after = segments.savedSegments().update(id, version, text(body, "name"),
                text(body, "description"), text(body, "segment"), params(body), userName(ctx));
        audit.record(userName(ctx), "update", "segment", id, before, after);
        ctx.json(saved(after));
    }

    private static Map<String, Object> savedBody(Context ctx) {
        Map<String, Object> body = Requests.jsonObject(ctx);
        for (String key : body.keySet()) {
            if (!SAVED_FIELDS.contains(key)) {
                throw new InvalidInputException(key, "", "is not a field of a saved segment; fields: name, description, "
                        + "segment (the built-in it is based on, e.g. custom), segmentParams, version");
            }
        }
        return body;
    }

    private static String text(Map<String, Object> body, String key) {
        Object value = body.get(key);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Map<String, Object> body) {
        Object raw = body.get("segmentParams");
        if (raw == null) {
            return Map.of();
        }
        if (raw instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new InvalidInputException("segmentParams", raw.toString(), "must be a JSON object");
    }

    /** A saved segment as the API shows it; campaigns name it by {@code id} as segment. */
    private static Map<String, Object> saved(SavedSegments.Definition d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("segmentId", d.segmentId());
        view.put("name", d.name());
        view.put("description", d.description());
        view.put("segment", d.base());
        view.put("segmentParams", d.params());
        view.put("version", d.version());
        view.put("createdAt", d.createdAt().toString());
        view.put("updatedAt", d.updatedAt().toString());
        view.put("updatedBy", d.updatedBy());
        return view;
    }

    /** Who made an API change, for the audit log: the token's user. */
    private static String userName(Context ctx) {
        User user = ctx.attribute("user");
        return user == null ? "api" : user.name() + " (API)";
    }

    @SuppressWarnings("unchecked")
    private void preview(Context ctx) {
        Map<String, Object> body = Requests.jsonObject(ctx);
        for (String key : body.keySet()) {
            if (!PREVIEW_FIELDS.contains(key)) {
                throw new InvalidInputException(key, "", "is not a field of a preview request; fields: "
                        + String.join(", ", PREVIEW_FIELDS.stream().sorted().toList()));
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Object rawParams = body.get("segmentParams");
        if (rawParams instanceof Map<?, ?> map) {
            params.putAll((Map<String, Object>) map);
        } else if (rawParams != null) {
            throw new InvalidInputException("segmentParams", rawParams.toString(), "must be a JSON object");
        }
        String segment;
        if (body.containsKey("filter")) {
            // shorthand for the custom segment
            if (body.get("segment") != null && !"custom".equals(body.get("segment"))) {
                throw new InvalidInputException("filter", "", "goes with segment custom; narrow a built-in with "
                        + "segmentParams.filter instead");
            }
            segment = "custom";
            params.put("filter", body.get("filter"));
        } else if (body.get("segment") instanceof String s) {
            segment = s;
        } else {
            throw new InvalidInputException(List.of(new FieldError("segment", "", "is required (or give a filter): one of "
                    + String.join(", ", segments.all().stream().map(x -> x.id()).toList()))));
        }
        Instant at = body.get("at") == null ? clock.instant() : instant(body.get("at").toString());
        ZoneId zone = body.get("timeZone") == null ? defaultZone : zone(body.get("timeZone").toString());
        SegmentPreview preview = segments.preview(segment, params, at, zone, defaultZone);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("segment", preview.segment());
        view.put("runKey", preview.runKey());
        view.put("at", at.toString());
        view.put("count", preview.count());
        view.put("sample", preview.sample().stream().map(SegmentController::member).toList());
        ctx.json(view);
    }

    private static Map<String, Object> member(Member m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", m.customer().id());
        view.put("externalId", m.customer().externalId());
        view.put("name", m.customer().fullName());
        view.put("email", m.customer().email());
        view.put("occurrenceKey", m.occurrenceKey());
        view.put("values", m.values());
        return view;
    }

    private static Instant instant(String raw) {
        try {
            return Instant.parse(raw);
        } catch (DateTimeException e) {
            throw new InvalidInputException("at", raw, "must be an ISO instant such as 2027-02-06T01:00:00Z");
        }
    }

    private static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            throw new InvalidInputException("timeZone", raw, "is not an IANA time zone such as Asia/Shanghai");
        }
    }
}
