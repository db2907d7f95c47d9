package dev.girard.web;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.segment.Member;
import dev.girard.segment.SegmentPreview;
import dev.girard.segment.SegmentRegistry;
import io.javalin.http.Context;

/** /api/segments: the segments campaigns can name, and a preview of who a segment selects. */
public final class SegmentController {
    private static final Set<String> PREVIEW_FIELDS = Set.of("segment", "segmentParams", "filter", "at", "timeZone");

    private final SegmentRegistry segments;
    private final ZoneId defaultZone;
    private final Clock clock;

    public SegmentController(SegmentRegistry segments, ZoneId defaultZone, Clock clock) {
        this.segments = segments;
        this.defaultZone = defaultZone;
        this.clock = clock;
    }

    void routes() {
        get("/api/segments", ctx -> ctx.json(Map.of("segments", segments.all().stream().map(s -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", s.id());
            view.put("description", s.description());
            view.put("parameters", s.parameters());
            return view;
        }).toList())));
        post("/api/segments/preview", this::preview);
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
