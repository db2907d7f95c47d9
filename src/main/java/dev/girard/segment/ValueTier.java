package dev.girard.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customers by value, once per period: the top X% by 12-month spend (the 80/20 rule), or an RFM tier
 * from the recency, frequency and monetary scores (1-5) in the customer stats.
 */
final class ValueTier extends SqlSegment<ValueTier.Settings> {
    record Settings(int percent, String tier, String period) {
    }

    /** RFM tiers as conditions on the scores: fixed SQL, chosen by name. */
    static final Map<String, String> TIERS = new LinkedHashMap<>();

    static {
        TIERS.put("champions", "s.r_score >= 4 AND s.f_score >= 4 AND s.m_score >= 4");
        TIERS.put("loyal", "s.r_score >= 3 AND s.f_score >= 4");
        TIERS.put("promising", "s.r_score >= 4 AND s.f_score <= 2");
        TIERS.put("at-risk", "s.r_score <= 2 AND s.f_score >= 3");
        TIERS.put("hibernating", "s.r_score <= 2 AND s.f_score <= 2");
    }

    private final boolean top;

    private ValueTier(SegmentSql sql, String id, String description, Map<String, String> params, boolean top) {
        super(sql, id, description, params);
        this.top = top;
    }

    static ValueTier topSpenders(SegmentSql sql) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("percent", "1-100, default 20: the share of spending customers to take, highest 12-month spend first");
        params.put("period", Period.DOC + "; default month");
        return new ValueTier(sql, "top-spenders", "The top X% of customers by spend in the last 12 months (80/20).",
                params, true);
    }

    static ValueTier rfm(SegmentSql sql) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tier", "required: champions (R, F and M >= 4), loyal (R >= 3, F >= 4), promising (R >= 4, F <= 2), "
                + "at-risk (R <= 2, F >= 3) or hibernating (R <= 2, F <= 2)");
        params.put("period", Period.DOC + "; default month");
        return new ValueTier(sql, "rfm-tier", "Customers in an RFM tier by their recency, frequency and monetary scores.",
                params, false);
    }

    @Override
    Settings read(Params params) {
        if (top) {
            return new Settings(params.integer("percent", 20, 1, 100), null, Period.read(params, "month"));
        }
        if (!params.has("tier")) {
            throw Params.error("tier", null, "is required: one of " + String.join(", ", TIERS.keySet()));
        }
        return new Settings(0, params.choice("tier", null, TIERS.keySet()), Period.read(params, "month"));
    }

    @Override
    String runKey(SegmentContext context, Settings settings) {
        return Period.key(settings.period(), context.campaignTime());
    }

    @Override
    Plan plan(SegmentContext context, Settings settings, SqlParams params) {
        String key = runKey(context, settings);
        if (!top) {
            return new Plan("(" + TIERS.get(settings.tier()) + ")", List.of(Selection.Column.shown("rScore", "s.r_score"),
                    Selection.Column.shown("fScore", "s.f_score"), Selection.Column.shown("mScore", "s.m_score")),
                    (row, ctx) -> key);
        }
        String condition = threshold(settings.percent())
                .map(cents -> "(s.monetary_12m_cents > 0 AND s.monetary_12m_cents >= " + params.bind(cents) + ")")
                .orElse("(1 = 0)");
        return new Plan(condition, List.of(Selection.Column.shown("monetary12mCents", "s.monetary_12m_cents")),
                (row, ctx) -> key);
    }

    /** The 12-month spend of the last customer inside the top X% of those who spent anything (ties included). */
    private Optional<Long> threshold(int percent) {
        return sql.jdbi().withHandle(h -> {
            long spenders = h.createQuery("SELECT COUNT(*) FROM customer_stats WHERE monetary_12m_cents > 0")
                    .mapTo(Long.class).one();
            if (spenders == 0) {
                return Optional.<Long>empty();
            }
            long rank = Math.max(1, (long) Math.ceil(spenders * percent / 100.0));
            // the rank-th highest spend, read from the spend index
            return h.createQuery("SELECT monetary_12m_cents FROM customer_stats WHERE monetary_12m_cents > 0"
                    + " ORDER BY monetary_12m_cents DESC LIMIT 1 OFFSET :offset")
                    .bind("offset", rank - 1).mapTo(Long.class).findOne();
        });
    }
}
