package dev.girard.segment;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers whose cumulative spend has crossed a milestone ("the more you buy in total..."). The key is the
 * highest milestone crossed (milestone:5000), so each milestone is celebrated once, and a customer who
 * jumps two milestones between runs hears about the higher one.
 */
final class SpendMilestone extends SqlSegment<List<Long>> {
    private static final List<Long> DEFAULT_CENTS = List.of(100_000L, 500_000L, 1_000_000L);

    SpendMilestone(SegmentSql sql) {
        super(sql, "spend-milestone", "Customers whose lifetime spend has crossed a milestone; once per milestone "
                + "(key milestone:5000).", params());
    }

    private static Map<String, String> params() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("milestones", "amounts in currency units, default [1000, 5000, 10000]");
        return params;
    }

    @Override
    List<Long> read(Params params) {
        return params.amounts("milestones", DEFAULT_CENTS);
    }

    @Override
    String runKey(SegmentContext context, List<Long> milestones) {
        return context.campaignTime().toLocalDate().toString();
    }

    @Override
    Plan plan(SegmentContext context, List<Long> milestones, SqlParams params) {
        return new Plan("(s.lifetime_cents >= " + params.bind(milestones.get(0)) + ")",
                List.of(Selection.Column.key("lifetimeCents", "s.lifetime_cents")), (row, ctx) -> {
                    long lifetime = row.longValue("lifetimeCents");
                    long crossed = milestones.get(0);
                    for (long m : milestones) {
                        if (lifetime >= m) {
                            crossed = m;
                        }
                    }
                    return "milestone:" + BigDecimal.valueOf(crossed, 2).stripTrailingZeros().toPlainString();
                });
    }
}
