package dev.girard.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Any audience a marketer writes as a filter tree (docs/segments.md), once per period. */
final class CustomFilter extends SqlSegment<String> {
    CustomFilter(SegmentSql sql) {
        super(sql, "custom", "The customers a filter tree selects, once per period.", params());
    }

    private static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("filter", "required: the filter tree (docs/segments.md)");
        params.put("period", Period.DOC + "; default month");
        return params;
    }

    @Override
    String read(Params params) {
        if (!params.has("filter")) {
            throw Params.error("filter", null, "is required: a filter tree, e.g. {\"field\": \"country\", \"op\": \"eq\", \"value\": \"CN\"}");
        }
        return Period.read(params, "month");
    }

    @Override
    String runKey(SegmentContext context, String period) {
        return Period.key(period, context.campaignTime());
    }

    @Override
    Plan plan(SegmentContext context, String period, SqlParams params) {
        String key = runKey(context, period);
        return new Plan("(1 = 1)", List.of(), (row, ctx) -> key);
    }
}
