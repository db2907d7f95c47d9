package dev.girard.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers who bought in category C but never in category D: the cross-sell audience. Defined as a filter
 * tree, so it compiles like any marketer's filter.
 */
final class CrossSell extends SqlSegment<CrossSell.Settings> {
    record Settings(List<String> bought, List<String> notBought, Integer withinDays, String period) {
    }

    CrossSell(SegmentSql sql) {
        super(sql, "cross-sell", "Customers who bought in a category but never in another (key: the period, default once).",
                params());
    }

    private static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("bought", "required: the category bought (or a list of categories)");
        params.put("notBought", "required: the category never bought (or a list)");
        params.put("withinDays", "optional, 1-36500: the purchase in 'bought' was within this many days");
        params.put("period", Period.DOC + "; default once");
        return params;
    }

    @Override
    Settings read(Params params) {
        List<String> bought = params.texts("bought");
        List<String> notBought = params.texts("notBought");
        if (bought.isEmpty()) {
            throw Params.error("bought", null, "is required: a category or a list of categories");
        }
        if (notBought.isEmpty()) {
            throw Params.error("notBought", null, "is required: a category or a list of categories");
        }
        Integer within = params.has("withinDays") ? params.integer("withinDays", 0, 1, 36_500) : null;
        return new Settings(bought, notBought, within, Period.read(params, "once"));
    }

    @Override
    String runKey(SegmentContext context, Settings settings) {
        return Period.key(settings.period(), context.campaignTime());
    }

    @Override
    Plan plan(SegmentContext context, Settings settings, SqlParams params) {
        Map<String, Object> bought = new LinkedHashMap<>();
        bought.put("category", settings.bought());
        if (settings.withinDays() != null) {
            bought.put("after", Map.of("daysAgo", settings.withinDays()));
        }
        Map<String, Object> tree = Map.of("all", List.of(Map.of("purchases", bought),
                Map.of("not", Map.of("purchases", Map.of("category", settings.notBought())))));
        FilterCompiler.Compiled compiled = sql.compiler().compile(tree, "segmentParams", context, params);
        String key = runKey(context, settings);
        return new Plan(compiled.sql(), SegmentQuery.evidenceColumns(compiled.evidence()), (row, ctx) -> key);
    }
}
