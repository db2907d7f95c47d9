package dev.girard.segment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everyone a channel can reach, once per period: an e-mail address; a phone number and a recorded SMS
 * opt-in (the latest consent record decides); or a postal address. Registered three times: with the
 * channel (or a campaign's whole preference, such as {@code postcard, email, sms}: reachable on any of them)
 * as a parameter, and fixed to e-mail (the monthly card's segment) and to SMS opt-ins.
 */
final class Reachable extends SqlSegment<Reachable.Settings> {
    private static final List<String> CHANNELS = List.of("email", "sms", "postcard");

    record Settings(List<String> channels, String period) {
    }

    private final String fixedChannel;

    private Reachable(SegmentSql sql, String id, String description, Map<String, String> params, String fixedChannel) {
        super(sql, id, description, params);
        this.fixedChannel = fixedChannel;
    }

    static Reachable onAnyChannel(SegmentSql sql) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("channel", "email (default), sms or postcard, or several as a campaign's preference (\"postcard, email, sms\": "
                + "reachable on any of them); sms needs a phone and a granted SMS consent, postcard a street and a postal code or city");
        params.put("period", Period.DOC + "; default month");
        return new Reachable(sql, "everyone-reachable", "Every customer the channel can reach, contacted once per period.",
                params, null);
    }

    static Reachable withEmail(SegmentSql sql) {
        return new Reachable(sql, "everyone-with-email", "Every customer who has an e-mail address, contacted once per period.",
                Map.of("period", Period.DOC + "; default month"), "email");
    }

    static Reachable smsOptIn(SegmentSql sql) {
        return new Reachable(sql, "sms-opt-in", "Customers with a phone number whose latest SMS consent record is a grant, "
                + "contacted once per period.", Map.of("period", Period.DOC + "; default month"), "sms");
    }

    @Override
    Settings read(Params params) {
        if (fixedChannel != null) {
            return new Settings(List.of(fixedChannel), Period.read(params, "month"));
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String text : params.texts("channel")) {
            for (String channel : text.split(",")) {
                channels.add(channel.strip());
            }
        }
        channels.remove("");
        if (channels.isEmpty()) {
            channels.add("email");
        }
        for (String channel : channels) {
            if (!CHANNELS.contains(channel)) {
                throw Params.error("channel", channel, "must be " + String.join(", ", CHANNELS) + " or several of them");
            }
        }
        return new Settings(List.copyOf(channels), Period.read(params, "month"));
    }

    @Override
    String runKey(SegmentContext context, Settings settings) {
        return Period.key(settings.period(), context.campaignTime());
    }

    @Override
    Plan plan(SegmentContext context, Settings settings, SqlParams params) {
        String key = runKey(context, settings);
        if (settings.channels().size() == 1) {
            return plan(settings.channels().get(0), context, params, key);
        }
        List<String> conditions = new ArrayList<>();
        Map<String, Selection.Column> columns = new LinkedHashMap<>();
        for (String channel : settings.channels()) {
            Plan plan = plan(channel, context, params, key);
            conditions.add(plan.condition());
            plan.columns().forEach(column -> columns.putIfAbsent(column.label(), column));
        }
        return new Plan("(" + String.join(" OR ", conditions) + ")", List.copyOf(columns.values()), (row, ctx) -> key);
    }

    private Plan plan(String channel, SegmentContext context, SqlParams params, String key) {
        return switch (channel) {
            case "sms" -> {
                String consent = sql.compiler().compile(Map.of("consent", "sms", "is", "granted"), "segmentParams",
                        context, params).sql();
                yield new Plan("(c.phone IS NOT NULL AND c.phone <> '' AND " + consent + ")",
                        List.of(Selection.Column.shown("phone", "c.phone")), (row, ctx) -> key);
            }
            case "postcard" -> new Plan("(c.address_line1 IS NOT NULL AND c.address_line1 <> '' AND ((c.postal_code IS NOT NULL"
                    + " AND c.postal_code <> '') OR (c.city IS NOT NULL AND c.city <> '')))",
                    List.of(Selection.Column.shown("city", "c.city"), Selection.Column.shown("postalCode", "c.postal_code")),
                    (row, ctx) -> key);
            default -> new Plan("(c.email IS NOT NULL AND c.email <> '')",
                    List.of(Selection.Column.shown("email", "c.email")), (row, ctx) -> key);
        };
    }
}
