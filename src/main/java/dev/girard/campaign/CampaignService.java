package dev.girard.campaign;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.quartz.CronExpression;

import dev.girard.channel.ChannelRegistry;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.render.TemplateEngine;
import dev.girard.segment.SegmentRegistry;

/** Creates, edits, pauses and archives campaigns, refusing anything that could not run. */
public final class CampaignService {
    private static final Set<String> FIELDS = Set.of("name", "segment", "segmentParams", "channel", "template", "cron",
            "timeZone", "status", "holdoutPercent", "capExempt", "validDays", "version", "id", "createdAt", "updatedAt",
            "nextFireTime");
    private static final String CRON_HELP = "a Quartz cron expression has 6 or 7 fields: second minute hour "
            + "day-of-month month day-of-week [year], e.g. '0 0 9 1 * ?' for 09:00 on the 1st of every month";

    private final CampaignStore store;
    private final SegmentRegistry segments;
    private final TemplateEngine templates;
    private final ChannelRegistry channels;
    private final ScheduleSync schedule;
    private final ZoneId defaultZone;

    public CampaignService(CampaignStore store, SegmentRegistry segments, TemplateEngine templates,
            ChannelRegistry channels, ScheduleSync schedule, ZoneId defaultZone) {
        this.store = store;
        this.segments = segments;
        this.templates = templates;
        this.channels = channels;
        this.schedule = schedule;
        this.defaultZone = defaultZone;
    }

    public Campaign create(Map<String, Object> body) {
        Campaign campaign = store.insert(validate(body, null));
        schedule.sync(campaign);
        return campaign;
    }

    /** Replaces a campaign; a {@code version} in the body must match the stored one. */
    public Campaign update(long id, Map<String, Object> body) {
        Campaign current = store.get(id);
        Campaign edited = validate(body, current);
        Campaign saved = store.update(edited);
        schedule.sync(saved);
        return saved;
    }

    /** Archives the campaign: its trigger goes, its runs and deliveries stay for the record. */
    public void archive(long id) {
        Campaign current = store.get(id);
        Campaign saved = store.update(current.withStatus(CampaignStatus.ARCHIVED));
        schedule.sync(saved);
    }

    public Campaign get(long id) {
        return store.get(id);
    }

    public List<Campaign> list() {
        return store.list();
    }

    private Campaign validate(Map<String, Object> body, Campaign current) {
        List<FieldError> errors = new ArrayList<>();
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                errors.add(new FieldError(key, "", "is not a campaign field"));
            }
        }
        String name = text(body, "name");
        if (name == null) {
            errors.add(new FieldError("name", "", "is required"));
        }
        String segment = text(body, "segment");
        Map<String, Object> segmentParams = params(body, errors);
        if (segment == null) {
            errors.add(new FieldError("segment", "", "is required; known segments: " + String.join(", ",
                    segments.all().stream().map(s -> s.id()).toList())));
        } else {
            try {
                segments.get(segment).validate(segmentParams);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        List<String> preference = List.of();
        try {
            preference = channels.preference(channelText(body));
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        String channel = String.join(",", preference);
        String template = text(body, "template");
        if (template == null) {
            errors.add(new FieldError("template", "", "is required; available: " + String.join(", ", templates.emailTemplates())));
        } else {
            for (String id : preference) {
                String where = preference.size() > 1 ? "for " + id + " " : "";
                channels.get(id).templateProblem(template)
                        .ifPresent(problem -> errors.add(new FieldError("template", template, where + problem)));
            }
        }
        String cron = text(body, "cron");
        if (cron == null) {
            errors.add(new FieldError("cron", "", "is required: " + CRON_HELP));
        } else {
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException e) {
                errors.add(new FieldError("cron", cron, "is not valid (" + e.getMessage() + "); " + CRON_HELP));
            }
        }
        String zone = text(body, "timeZone") == null ? defaultZone.getId() : text(body, "timeZone");
        try {
            zone = ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            errors.add(new FieldError("timeZone", zone, "is not an IANA time zone such as Asia/Shanghai or Europe/Berlin"));
        }
        CampaignStatus status = CampaignStatus.DRAFT;
        String rawStatus = text(body, "status");
        if (rawStatus != null) {
            try {
                status = CampaignStatus.parse(rawStatus);
                if (status == CampaignStatus.ARCHIVED) {
                    errors.add(new FieldError("status", rawStatus, "cannot be set; DELETE the campaign to archive it"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", rawStatus, "must be draft, active or paused"));
            }
        } else if (current != null) {
            status = current.status();
        }
        int holdout = number(body, "holdoutPercent", current == null ? 0 : current.holdoutPercent(), 0, 90,
                "a whole percentage from 0 to 90 of the audience to hold out for comparison", errors);
        int validDays = number(body, "validDays", current == null ? 7 : current.validDays(), 1, 365,
                "the days a contact deferred by the frequency cap may still go out, from 1 to 365", errors);
        boolean capExempt = current != null && current.capExempt();
        Object rawExempt = body.get("capExempt");
        if (rawExempt instanceof Boolean b) {
            capExempt = b;
        } else if (rawExempt != null) {
            errors.add(new FieldError("capExempt", rawExempt.toString(), "must be true or false"));
        }
        int version = current == null ? 1 : current.version();
        Object rawVersion = body.get("version");
        if (current != null && rawVersion != null) {
            if (rawVersion instanceof Number n) {
                version = n.intValue();
            } else {
                errors.add(new FieldError("version", rawVersion.toString(), "must be the number read with the campaign"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Campaign(current == null ? null : current.id(), name, segment, segmentParams, channel, template,
                cron, zone, status, holdout, capExempt, validDays, version, null, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Map<String, Object> body, List<FieldError> errors) {
        Object raw = body.get("segmentParams");
        if (raw == null) {
            return Map.of();
        }
        if (raw instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        errors.add(new FieldError("segmentParams", raw.toString(), "must be a JSON object"));
        return Map.of();
    }

    private static int number(Map<String, Object> body, String key, int fallback, int min, int max, String meaning,
            List<FieldError> errors) {
        Object raw = body.get(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Integer n && n >= min && n <= max) {
            return n;
        }
        errors.add(new FieldError(key, raw.toString(), "must be " + meaning));
        return fallback;
    }

    /** The channel preference as written: "postcard, email", or a JSON list of ids; e-mail when absent. */
    private static String channelText(Map<String, Object> body) {
        Object raw = body.get("channel");
        if (raw instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return raw == null || raw.toString().isBlank() ? "email" : raw.toString();
    }

    private static String text(Map<String, Object> body, String key) {
        Object value = body.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }
}
