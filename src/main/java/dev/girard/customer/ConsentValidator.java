package dev.girard.customer;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.girard.core.FieldError;
import dev.girard.imports.RowHandler;

/**
 * Turns raw consent fields (a CSV row or a JSON object) into a consent record for a customer named by
 * external id, or the list of what is wrong.
 */
public final class ConsentValidator {
    /** The channels a customer can consent to. */
    public static final List<String> CHANNELS = List.of("email", "sms", "postcard");
    /** The fields of a consent record, by the names the API and the CSV header use. */
    public static final List<String> FIELDS = List.of("customerExternalId", "channel", "granted", "at", "source",
            "wording");

    private final ZoneId zone;

    /** @param zone the time zone of times written without an offset */
    public ConsentValidator(ZoneId zone) {
        this.zone = zone;
    }

    /** A consent to be recorded for the customer with this external id. */
    public record Input(String customerExternalId, Consent consent) {
    }

    /**
     * @param defaultSource the source when the fields name none (e.g. the file it was imported from)
     * @param now           the time of a record without one
     */
    public RowHandler.Parsed<Input> validate(Map<String, String> raw, String defaultSource, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        String customer = text(raw, "customerExternalId");
        String channel = text(raw, "channel");
        if (channel == null) {
            errors.add(new FieldError("channel", "", "is required (" + String.join(", ", CHANNELS) + ")"));
        } else {
            channel = channel.toLowerCase(Locale.ROOT);
            if (!CHANNELS.contains(channel)) {
                errors.add(new FieldError("channel", channel, "must be one of " + String.join(", ", CHANNELS)));
            }
        }
        Boolean granted = granted(text(raw, "granted"));
        if (granted == null) {
            errors.add(new FieldError("granted", raw.getOrDefault("granted", ""),
                    "must say granted or withdrawn (also true/false, yes/no, opt-in/opt-out, 同意/撤回)"));
        }
        Instant at = now;
        String rawAt = text(raw, "at");
        if (rawAt != null) {
            at = Instants.parse(rawAt, zone);
            if (at == null) {
                errors.add(new FieldError("at", rawAt, Instants.expected(zone)));
            }
        }
        if (at != null && at.isAfter(now.plusSeconds(300))) {
            errors.add(new FieldError("at", rawAt, "is in the future"));
        }
        String source = text(raw, "source") == null ? defaultSource : text(raw, "source");
        if (source == null) {
            errors.add(new FieldError("source", "", "is required: where the customer said so (a form, a till, a reply)"));
        } else if (source.length() > 200) {
            errors.add(new FieldError("source", source.substring(0, 20) + "…", "is longer than 200 characters"));
        }
        if (!errors.isEmpty()) {
            return RowHandler.Parsed.failed(errors);
        }
        if (customer == null) {
            return RowHandler.Parsed.failed(List.of(new FieldError("customerExternalId", "", "is required")));
        }
        return RowHandler.Parsed.of(new Input(customer, new Consent(null, 0, channel, granted, at, source,
                text(raw, "wording"))));
    }

    private static Boolean granted(String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "granted", "grant", "true", "yes", "y", "1", "opt-in", "optin", "opt_in", "subscribed", "同意", "是" -> true;
            case "withdrawn", "withdraw", "false", "no", "n", "0", "opt-out", "optout", "opt_out", "unsubscribed",
                    "撤回", "拒绝", "否" -> false;
            default -> null;
        };
    }

    private static String text(Map<String, String> raw, String key) {
        String value = raw.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
