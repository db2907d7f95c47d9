package dev.girard.segment;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.girard.core.InvalidInputException;
import dev.girard.db.Dialect;

/**
 * Compiles a segment filter, a JSON tree, into one SQL condition over {@code customers c} left-joined
 * with {@code customer_stats s}. Field, operator and channel names are looked up in the fixed tables
 * below and every value is bound as a parameter: nothing a marketer types ever becomes SQL text.
 * Every condition is NULL-safe (true or false, never unknown), so {@code not} means what it says.
 * docs/segments.md is the user's guide to this language.
 */
final class FilterCompiler {
    /** What a field holds, which decides its operators and how its values are read. */
    enum Type { TEXT, NUMBER, MONEY, DATE, INSTANT, BOOLEAN }

    /** A field a filter can name: its SQL over c (customers) and s (customer_stats). {now} is the run's instant. */
    record Field(String name, String sql, Type type, String doc) {
    }

    /** A value shown next to a customer in a preview, and the SQL that reads it. */
    record Evidence(String label, String sql) {
    }

    /** The condition and the values that show why a customer matched it. */
    record Compiled(String sql, List<Evidence> evidence) {
    }

    static final Map<String, Field> FIELDS = new LinkedHashMap<>();
    private static final Map<Type, List<String>> OPERATORS = Map.of(
            Type.TEXT, List.of("eq", "ne", "in", "notIn", "contains", "startsWith", "lt", "lte", "gt", "gte", "isSet", "isNotSet"),
            Type.NUMBER, List.of("eq", "ne", "in", "notIn", "lt", "lte", "gt", "gte", "isSet", "isNotSet"),
            Type.MONEY, List.of("eq", "ne", "lt", "lte", "gt", "gte", "isSet", "isNotSet"),
            Type.DATE, List.of("eq", "ne", "lt", "lte", "gt", "gte", "isSet", "isNotSet"),
            Type.INSTANT, List.of("lt", "lte", "gt", "gte", "isSet", "isNotSet"),
            Type.BOOLEAN, List.of("eq", "ne", "isSet", "isNotSet"));
    private static final Map<String, String> COMPARISONS = Map.of(
            "eq", "=", "ne", "<>", "lt", "<", "lte", "<=", "gt", ">", "gte", ">=");
    private static final Set<String> RELATIVE_UNITS = Set.of("daysAgo", "weeksAgo", "monthsAgo", "yearsAgo",
            "daysAhead", "weeksAhead", "monthsAhead", "yearsAhead");
    static final Set<String> CHANNELS = Set.of("email", "sms", "postcard");
    private static final Pattern ATTRIBUTE = Pattern.compile("[\\p{L}\\p{N}_\\-]{1,64}");
    private static final int MAX_DEPTH = 20;
    private static final int MAX_NODES = 500;
    private static final int MAX_LIST = 1000;

    static {
        text("externalId", "c.external_id", "the shop's own customer id");
        text("firstName", "c.first_name", "given name");
        text("lastName", "c.last_name", "family name");
        text("email", "c.email", "e-mail address");
        text("phone", "c.phone", "phone number in E.164, e.g. +8613800138000");
        text("city", "c.city", "city");
        text("postalCode", "c.postal_code", "postal code");
        text("region", "c.region", "region or province");
        text("country", "c.country", "ISO country code, e.g. CN");
        text("locale", "c.locale", "language tag, e.g. zh-CN");
        text("timeZone", "c.time_zone", "IANA time zone, e.g. Asia/Shanghai");
        field("birthday", "c.birthday", Type.DATE, "date of birth (ISO)");
        field("createdAt", "c.created_at", Type.INSTANT, "when the customer was added");
        field("stats.firstPurchaseAt", "s.first_purchase_at", Type.INSTANT, "first purchase");
        field("stats.lastPurchaseAt", "s.last_purchase_at", Type.INSTANT, "latest purchase");
        field("stats.daysSinceLastPurchase", "((CAST({now} AS DOUBLE PRECISION) - s.last_purchase_at) / 86400000.0)",
                Type.NUMBER, "days since the latest purchase, at the moment of the run");
        field("stats.rhythmRatio", "(((CAST({now} AS DOUBLE PRECISION) - s.last_purchase_at) / 86400000.0) / "
                + "NULLIF(s.median_gap_days, 0))", Type.NUMBER,
                "days since the latest purchase divided by the customer's median gap between purchases");
        field("stats.recencyDays", "s.recency_days", Type.NUMBER, "days since the latest purchase when stats were computed");
        field("stats.purchaseCount", "s.purchase_count", Type.NUMBER, "purchases ever");
        field("stats.frequency12m", "s.frequency_12m", Type.NUMBER, "purchases in the last 12 months");
        field("stats.monetary12m", "s.monetary_12m_cents", Type.MONEY, "spend in the last 12 months (currency units)");
        field("stats.lifetime", "s.lifetime_cents", Type.MONEY, "spend ever (currency units)");
        field("stats.medianGapDays", "s.median_gap_days", Type.NUMBER, "median days between purchases");
        field("stats.valuePercentile", "s.value_percentile", Type.NUMBER, "rank by 12-month spend as a percentile");
        field("stats.rScore", "s.r_score", Type.NUMBER, "recency score 1-5 (5 = most recent)");
        field("stats.fScore", "s.f_score", Type.NUMBER, "frequency score 1-5");
        field("stats.mScore", "s.m_score", Type.NUMBER, "monetary score 1-5");
        field("stats.discountShare", "s.discount_share", Type.NUMBER, "share of purchases made at a discount, 0-1");
    }

    private static void text(String name, String sql, String doc) {
        field(name, sql, Type.TEXT, doc);
    }

    private static void field(String name, String sql, Type type, String doc) {
        FIELDS.put(name, new Field(name, sql, type, doc));
    }

    static List<String> operators(Type type) {
        return OPERATORS.get(type);
    }

    private final Dialect dialect;

    FilterCompiler(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * @param path where the tree sits in the request, e.g. {@code segmentParams.filter}, for error messages
     * @throws InvalidInputException naming the first unknown field, operator or bad value and its JSON path
     */
    Compiled compile(Object tree, String path, SegmentContext context, SqlParams params) {
        Run run = new Run(context, params);
        String sql = run.node(tree, path, 0);
        return new Compiled(sql, List.copyOf(run.evidence.values()));
    }

    /** One compilation: its parameters, evidence and node count. */
    private final class Run {
        private final SegmentContext context;
        private final SqlParams params;
        private final Map<String, Evidence> evidence = new LinkedHashMap<>();
        private int nodes;

        Run(SegmentContext context, SqlParams params) {
            this.context = context;
            this.params = params;
        }

        String node(Object node, String path, int depth) {
            if (++nodes > MAX_NODES) {
                throw error(path, null, "the filter has more than " + MAX_NODES + " conditions");
            }
            if (depth > MAX_DEPTH) {
                throw error(path, null, "the filter nests deeper than " + MAX_DEPTH + " levels");
            }
            if (!(node instanceof Map<?, ?> map)) {
                throw error(path, node, "must be an object: {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}}, "
                        + "{\"field\": ..., \"op\": ..., \"value\": ...}, {\"purchases\": {...}} or {\"consent\": ...}");
            }
            if (map.containsKey("all")) {
                return group(map, "all", " AND ", "(1 = 1)", path, depth);
            }
            if (map.containsKey("any")) {
                return group(map, "any", " OR ", "(1 = 0)", path, depth);
            }
            if (map.containsKey("not")) {
                onlyKeys(map, path, Set.of("not"));
                return "(NOT " + node(map.get("not"), path + ".not", depth + 1) + ")";
            }
            if (map.containsKey("field")) {
                onlyKeys(map, path, Set.of("field", "op", "value"));
                return condition(map, path);
            }
            if (map.containsKey("purchases")) {
                onlyKeys(map, path, Set.of("purchases", "count", "sum"));
                return purchases(map, path);
            }
            if (map.containsKey("consent")) {
                onlyKeys(map, path, Set.of("consent", "is"));
                return consent(map, path);
            }
            String key = map.isEmpty() ? "" : String.valueOf(map.keySet().iterator().next());
            throw error(path + (key.isEmpty() ? "" : "." + key), key, "is not a filter node; use all, any, not, "
                    + "field (with op and value), purchases or consent");
        }

        private String group(Map<?, ?> map, String kind, String joiner, String empty, String path, int depth) {
            onlyKeys(map, path, Set.of(kind));
            if (!(map.get(kind) instanceof List<?> list)) {
                throw error(path + "." + kind, map.get(kind), "must be a list of conditions");
            }
            if (list.isEmpty()) {
                return empty;
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                parts.add(node(list.get(i), path + "." + kind + "[" + i + "]", depth + 1));
            }
            return "(" + String.join(joiner, parts) + ")";
        }

        private void onlyKeys(Map<?, ?> map, String path, Set<String> allowed) {
            for (Object key : map.keySet()) {
                if (!allowed.contains(String.valueOf(key))) {
                    throw error(path + "." + key, String.valueOf(key), "is not allowed here; this node takes "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
        }

        private String condition(Map<?, ?> map, String path) {
            Object rawName = map.get("field");
            if (!(rawName instanceof String name)) {
                throw error(path + ".field", rawName, "must be a field name");
            }
            Object rawOp = map.get("op");
            if (!(rawOp instanceof String op)) {
                throw error(path + ".op", rawOp, "is required: the operator, e.g. eq");
            }
            Object value = map.get("value");
            boolean presence = op.equals("isSet") || op.equals("isNotSet");
            if (presence && map.containsKey("value")) {
                throw error(path + ".value", value, "is not taken by " + op);
            }
            if (!presence && value == null) {
                throw error(path + ".value", null, "is required by " + op);
            }
            if (name.startsWith("attributes.")) {
                return attribute(name, op, value, path);
            }
            Field field = FIELDS.get(name);
            if (field == null) {
                throw error(path + ".field", name, "is not a field; fields: " + String.join(", ", FIELDS.keySet())
                        + ", and attributes.<name> for custom attributes");
            }
            String sql = field.sql().contains("{now}")
                    ? field.sql().replace("{now}", params.bind(context.at().toEpochMilli())) : field.sql();
            evidence.putIfAbsent(name, new Evidence(name, sql));
            return compare(sql, field.type(), op, value, path);
        }

        private String attribute(String name, String op, Object value, String path) {
            String key = name.substring("attributes.".length());
            if (!ATTRIBUTE.matcher(key).matches()) {
                throw error(path + ".field", name, "an attribute name is 1 to 64 letters, digits, _ or -");
            }
            String keyParam = params.nextName();
            params.bind(dialect.jsonKey(key));
            String asText = dialect.jsonText("c.attributes", keyParam);
            if (op.equals("isSet") || op.equals("isNotSet")) {
                String set = "((" + asText + " IS NOT NULL AND " + asText + " <> '') OR "
                        + dialect.jsonNumber("c.attributes", keyParam) + " IS NOT NULL OR "
                        + dialect.jsonBoolean("c.attributes", keyParam) + " IS NOT NULL)";
                evidence.putIfAbsent(name, new Evidence(name, asText));
                return op.equals("isSet") ? set : "(NOT " + set + ")";
            }
            Object sample = value instanceof List<?> list && !list.isEmpty() ? list.get(0) : value;
            Type type;
            String sql;
            if (sample instanceof Number) {
                type = Type.NUMBER;
                sql = dialect.jsonNumber("c.attributes", keyParam);
            } else if (sample instanceof Boolean) {
                type = Type.BOOLEAN;
                sql = dialect.jsonBoolean("c.attributes", keyParam);
            } else if (sample instanceof Map<?, ?>) {
                type = Type.DATE;
                sql = asText;
            } else {
                type = Type.TEXT;
                sql = asText;
            }
            evidence.putIfAbsent(name, new Evidence(name, sql));
            return compare(sql, type, op, value, path);
        }

        private String compare(String sql, Type type, String op, Object value, String path) {
            if (!OPERATORS.get(type).contains(op)) {
                throw error(path + ".op", op, "is not an operator for " + type.name().toLowerCase()
                        + " fields; use one of " + String.join(", ", OPERATORS.get(type)));
            }
            switch (op) {
                case "isSet":
                    return type == Type.TEXT ? "(" + sql + " IS NOT NULL AND " + sql + " <> '')" : "(" + sql + " IS NOT NULL)";
                case "isNotSet":
                    return type == Type.TEXT ? "(" + sql + " IS NULL OR " + sql + " = '')" : "(" + sql + " IS NULL)";
                case "in":
                case "notIn": {
                    if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > MAX_LIST) {
                        throw error(path + ".value", value, op + " takes a list of 1 to " + MAX_LIST + " values");
                    }
                    List<Object> bound = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        bound.add(value(type, list.get(i), path + ".value[" + i + "]"));
                    }
                    String in = sql + " IN (" + params.bindAll(bound) + ")";
                    return op.equals("in") ? "(" + sql + " IS NOT NULL AND " + in + ")"
                            : "(" + sql + " IS NULL OR NOT " + in + ")";
                }
                case "contains": {
                    String param = params.nextName();
                    params.bind(text(value, path + ".value"));
                    return "(" + sql + " IS NOT NULL AND " + dialect.contains(sql, param) + ")";
                }
                case "startsWith": {
                    String prefix = text(value, path + ".value");
                    String p = params.bind(prefix);
                    return "(" + sql + " IS NOT NULL AND substr(" + sql + ", 1, " + params.bind(prefix.codePointCount(0,
                            prefix.length())) + ") = " + p + ")";
                }
                default: {
                    String p = params.bind(value(type, value, path + ".value"));
                    if (op.equals("ne")) {
                        return "(" + sql + " IS NULL OR " + sql + " <> " + p + ")";
                    }
                    return "(" + sql + " IS NOT NULL AND " + sql + " " + COMPARISONS.get(op) + " " + p + ")";
                }
            }
        }

        /** A value of a field's type, in the form it is stored: cents, epoch milliseconds, ISO dates. */
        private Object value(Type type, Object value, String path) {
            return switch (type) {
                case TEXT -> text(value, path);
                case NUMBER -> {
                    if (!(value instanceof Number n)) {
                        throw error(path, value, "must be a number");
                    }
                    yield n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15
                            ? (Object) n.longValue() : (Object) n.doubleValue();
                }
                case MONEY -> {
                    if (!(value instanceof Number n)) {
                        throw error(path, value, "must be an amount in currency units, e.g. 199.50");
                    }
                    yield Math.round(n.doubleValue() * 100);
                }
                case BOOLEAN -> {
                    if (!(value instanceof Boolean b)) {
                        throw error(path, value, "must be true or false");
                    }
                    yield b.toString();
                }
                case DATE -> date(value, path).toString();
                case INSTANT -> instant(value, path).toEpochMilli();
            };
        }

        private String text(Object value, String path) {
            if (!(value instanceof String s) || s.length() > 1000) {
                throw error(path, value, "must be a text of at most 1000 characters");
            }
            return s;
        }

        private LocalDate date(Object value, String path) {
            if (value instanceof Map<?, ?> relative) {
                return relative(relative, path).toLocalDate();
            }
            if (value instanceof String s) {
                try {
                    return LocalDate.parse(s);
                } catch (DateTimeException e) {
                    throw error(path, value, "must be an ISO date (2026-12-01) or a relative date such as {\"daysAgo\": 30}");
                }
            }
            throw error(path, value, "must be an ISO date (2026-12-01) or a relative date such as {\"daysAgo\": 30}");
        }

        private Instant instant(Object value, String path) {
            if (value instanceof Map<?, ?> relative) {
                return relative(relative, path).toInstant();
            }
            if (value instanceof String s) {
                try {
                    return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(context.campaignZone()).toInstant()
                            : OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeException e) {
                    // refused below with the accepted forms
                }
            }
            throw error(path, value, "must be an ISO date (2026-12-01), an ISO instant (2026-12-01T09:00:00Z) "
                    + "or a relative date such as {\"daysAgo\": 30}");
        }

        /** {"daysAgo": 30} and its kin, counted from the run's moment in the campaign's time zone. */
        private ZonedDateTime relative(Map<?, ?> relative, String path) {
            if (relative.size() != 1) {
                throw error(path, relative, "a relative date has exactly one of " + String.join(", ",
                        RELATIVE_UNITS.stream().sorted().toList()));
            }
            String unit = String.valueOf(relative.keySet().iterator().next());
            Object amount = relative.get(unit);
            if (!RELATIVE_UNITS.contains(unit)) {
                throw error(path + "." + unit, unit, "is not a relative date unit; use one of " + String.join(", ",
                        RELATIVE_UNITS.stream().sorted().toList()));
            }
            if (!(amount instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0
                    || n.longValue() > 36_500) {
                throw error(path + "." + unit, amount, "must be a whole number from 0 to 36500");
            }
            long k = unit.endsWith("Ago") ? -n.longValue() : n.longValue();
            ZonedDateTime now = context.campaignTime();
            return switch (unit.substring(0, unit.endsWith("Ago") ? unit.length() - 3 : unit.length() - 5)) {
                case "days" -> now.plusDays(k);
                case "weeks" -> now.plusWeeks(k);
                case "months" -> now.plusMonths(k);
                default -> now.plusYears(k);
            };
        }

        private String purchases(Map<?, ?> map, String path) {
            if (!(map.get("purchases") instanceof Map<?, ?> filter)) {
                throw error(path + ".purchases", map.get("purchases"), "must be an object of purchase conditions "
                        + "(category, item, currency, discounted, after, before, minAmount, maxAmount); {} means any purchase");
            }
            if (map.containsKey("count") && map.containsKey("sum")) {
                throw error(path + ".sum", null, "give count or sum, not both");
            }
            String where = purchaseConditions(filter, path + ".purchases");
            if (map.containsKey("count")) {
                String count = "(SELECT COUNT(*) FROM purchases p WHERE " + where + ")";
                evidence.putIfAbsent(path + ".count", new Evidence(path + ".count", count));
                return aggregate(count, map.get("count"), path + ".count", false);
            }
            if (map.containsKey("sum")) {
                String sum = "(SELECT COALESCE(SUM(p.amount_cents), 0) FROM purchases p WHERE " + where + ")";
                evidence.putIfAbsent(path + ".sumCents", new Evidence(path + ".sumCents", sum));
                return aggregate(sum, map.get("sum"), path + ".sum", true);
            }
            evidence.putIfAbsent(path + ".count", new Evidence(path + ".count",
                    "(SELECT COUNT(*) FROM purchases p WHERE " + where + ")"));
            return "EXISTS (SELECT 1 FROM purchases p WHERE " + where + ")";
        }

        private String purchaseConditions(Map<?, ?> filter, String path) {
            List<String> parts = new ArrayList<>();
            parts.add("p.customer_id = c.id");
            for (Map.Entry<?, ?> e : filter.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = e.getValue();
                String at = path + "." + key;
                switch (key) {
                    case "category", "item", "currency" -> {
                        String column = "p." + key;
                        if (v instanceof List<?> list) {
                            if (list.isEmpty() || list.size() > MAX_LIST) {
                                throw error(at, v, "takes a text or a list of 1 to " + MAX_LIST + " texts");
                            }
                            List<Object> bound = new ArrayList<>();
                            for (int i = 0; i < list.size(); i++) {
                                bound.add(text(list.get(i), at + "[" + i + "]"));
                            }
                            parts.add(column + " IN (" + params.bindAll(bound) + ")");
                        } else {
                            parts.add(column + " = " + params.bind(text(v, at)));
                        }
                    }
                    case "discounted" -> {
                        if (!(v instanceof Boolean b)) {
                            throw error(at, v, "must be true or false");
                        }
                        parts.add("p.discounted = " + params.bind(b));
                    }
                    case "after" -> parts.add("p.purchased_at >= " + params.bind(instant(v, at).toEpochMilli()));
                    case "before" -> parts.add("p.purchased_at < " + params.bind(instant(v, at).toEpochMilli()));
                    case "minAmount" -> parts.add("p.amount_cents >= " + params.bind(value(Type.MONEY, v, at)));
                    case "maxAmount" -> parts.add("p.amount_cents <= " + params.bind(value(Type.MONEY, v, at)));
                    default -> throw error(at, key, "is not a purchase condition; use category, item, currency, "
                            + "discounted, after, before, minAmount or maxAmount");
                }
            }
            return String.join(" AND ", parts);
        }

        private String aggregate(String sql, Object comparison, String path, boolean money) {
            if (!(comparison instanceof Map<?, ?> map) || map.size() != 1) {
                throw error(path, comparison, "must be one comparison such as {\"gte\": 3}");
            }
            String op = String.valueOf(map.keySet().iterator().next());
            if (!COMPARISONS.containsKey(op)) {
                throw error(path + "." + op, op, "is not an operator here; use one of eq, ne, lt, lte, gt, gte");
            }
            Object bound = value(money ? Type.MONEY : Type.NUMBER, map.get(op), path + "." + op);
            return "(" + sql + " " + COMPARISONS.get(op) + " " + params.bind(bound) + ")";
        }

        private String consent(Map<?, ?> map, String path) {
            Object channel = map.get("consent");
            if (!(channel instanceof String ch) || !CHANNELS.contains(ch)) {
                throw error(path + ".consent", channel, "is not a channel; use one of email, postcard, sms");
            }
            Object is = map.containsKey("is") ? map.get("is") : "granted";
            String chParam = params.bind(ch);
            String latest = "k.customer_id = c.id AND k.channel = " + chParam
                    + " AND NOT EXISTS (SELECT 1 FROM consents n WHERE n.customer_id = k.customer_id"
                    + " AND n.channel = k.channel AND (n.at > k.at OR (n.at = k.at AND n.id > k.id)))";
            evidence.putIfAbsent("consent." + ch, new Evidence("consent." + ch, "(SELECT k.granted FROM consents k WHERE "
                    + latest + ")"));
            return switch (String.valueOf(is)) {
                case "granted" -> "EXISTS (SELECT 1 FROM consents k WHERE " + latest + " AND k.granted = " + params.bind(true) + ")";
                case "withdrawn" -> "EXISTS (SELECT 1 FROM consents k WHERE " + latest + " AND k.granted = " + params.bind(false) + ")";
                case "none" -> "NOT EXISTS (SELECT 1 FROM consents k WHERE k.customer_id = c.id AND k.channel = " + chParam + ")";
                default -> throw error(path + ".is", is, "must be granted, withdrawn or none");
            };
        }
    }

    private static InvalidInputException error(String path, Object value, String reason) {
        return new InvalidInputException(path, value == null ? "" : String.valueOf(value), reason);
    }
}
