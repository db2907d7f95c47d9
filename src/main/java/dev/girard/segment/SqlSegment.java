package dev.girard.segment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.girard.core.InvalidInputException;

/**
 * A segment that is one SQL selection plus a rule that gives each row its occurrence key. Every such
 * segment also takes {@code filter} (a filter tree that narrows it) and {@code localHour} (only customers for
 * whom it is now that hour in their own time zone, for campaigns that fire hourly).
 *
 * @param <P> the segment's parameters once read and checked
 */
abstract class SqlSegment<P> implements Segment {
    static final String FILTER_DOC = "a filter tree (docs/segments.md) that narrows this segment further";
    static final String LOCAL_HOUR_DOC = "0-23: only customers for whom it is now this hour in their own time zone "
            + "(let the campaign fire hourly, e.g. cron 0 0 * * * ?)";

    /** The segment's own part of the selection, and how a row becomes a member. */
    record Plan(boolean perPurchase, String condition, List<Selection.Column> columns, KeyRule key) {
        Plan(String condition, List<Selection.Column> columns, KeyRule key) {
            this(false, condition, columns, key);
        }
    }

    /** The occurrence key of a row, or null when the row is not a member after all. */
    @FunctionalInterface
    interface KeyRule {
        String key(Row row, SegmentContext context);
    }

    protected final SegmentSql sql;
    private final String id;
    private final String description;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    SqlSegment(SegmentSql sql, String id, String description, Map<String, String> own) {
        this.sql = sql;
        this.id = id;
        this.description = description;
        this.parameters.putAll(own);
        this.parameters.putIfAbsent("filter", FILTER_DOC);
        this.parameters.putIfAbsent("localHour", LOCAL_HOUR_DOC);
    }

    /** Reads and checks this segment's own parameters. */
    abstract P read(Params params);

    abstract Plan plan(SegmentContext context, P settings, SqlParams params);

    /** The occurrence label of a run at this moment. */
    abstract String runKey(SegmentContext context, P settings);

    /**
     * True when the SQL selection alone decides membership (the key rule never refuses a row), so a preview
     * can count with one COUNT(*).
     */
    boolean exact() {
        return true;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public final void validate(Map<String, Object> params) {
        for (String key : (params == null ? Map.<String, Object>of() : params).keySet()) {
            if (!parameters.containsKey(key)) {
                throw new InvalidInputException("segmentParams." + key, "", "is not a parameter of " + id
                        + " (it takes: " + String.join(", ", parameters.keySet()) + ")");
            }
        }
        SegmentContext probe = new SegmentContext(Instant.now(), ZoneId.of("UTC"), ZoneId.of("UTC"), params);
        selection(probe, false);
    }

    @Override
    public final String runKey(SegmentContext context) {
        return runKey(context, read(new Params(context.params())));
    }

    @Override
    public final void forEachMember(SegmentContext context, Consumer<Member> consumer) {
        Built built = selection(context, false);
        sql.query().forEach(built.selection(), false, 0, row -> {
            String key = built.plan().key().key(row, context);
            if (key != null) {
                consumer.accept(new Member(row.customer(), key));
            }
        });
    }

    @Override
    public final SegmentPreview preview(SegmentContext context, int sampleSize) {
        Built built = selection(context, true);
        List<Member> sample = new ArrayList<>();
        Consumer<Row> collect = row -> {
            String key = built.plan().key().key(row, context);
            if (key != null && sample.size() < sampleSize) {
                sample.add(new Member(row.customer(), key, row.values()));
            }
        };
        String runKey = runKey(context);
        if (exact()) {
            sql.query().forEach(built.selection(), true, sampleSize, collect);
            return new SegmentPreview(id, runKey, sql.query().count(built.selection()), sample);
        }
        long[] count = {0};
        sql.query().forEach(built.selection(), true, 0, row -> {
            if (built.plan().key().key(row, context) != null) {
                count[0]++;
                collect.accept(row);
            }
        });
        return new SegmentPreview(id, runKey, count[0], sample);
    }

    private record Built(Selection selection, Plan plan) {
    }

    private Built selection(SegmentContext context, boolean withEvidence) {
        Params params = new Params(context.params());
        P settings = read(params);
        SqlParams bound = new SqlParams();
        Plan plan = plan(context, settings, bound);
        List<String> conditions = new ArrayList<>();
        conditions.add(plan.condition());
        List<Selection.Column> columns = new ArrayList<>(plan.columns());
        if (params.has("filter")) {
            FilterCompiler.Compiled filter = sql.compiler().compile(params.get("filter"), "segmentParams.filter",
                    context, bound);
            conditions.add(filter.sql());
            if (withEvidence) {
                columns.addAll(SegmentQuery.evidenceColumns(filter.evidence()));
            }
        }
        if (params.has("localHour")) {
            int hour = params.integer("localHour", 0, 0, 23);
            conditions.add(Zones.where(context.at(), context.defaultCustomerZone(), t -> t.getHour() == hour, bound));
        }
        return new Built(new Selection(plan.perPurchase(), String.join(" AND ", conditions), bound.values(), columns), plan);
    }

    /** The customer's local date at the run's moment. */
    static LocalDate localDate(Row row, SegmentContext context) {
        return LocalDate.ofInstant(context.at(), Zones.of(row.customer(), context.defaultCustomerZone()));
    }
}
