package dev.girard.report;

/**
 * Contacted versus held out: the difference in conversion rate and in revenue per customer, and the lift
 * (relative change of the conversion rate), each with a 95% confidence interval from the normal
 * approximation: Wald for the difference of two proportions, Welch for the difference of two means, and the
 * conversion difference divided by the holdout's rate for the lift. Simple and honest for the group sizes of
 * a mailing; with few contacts or no holdout the intervals are undefined rather than made up.
 */
public record HoldoutComparison(GroupOutcome contacted, GroupOutcome heldOut, Interval conversionDifference,
        Interval revenuePerCustomerDifferenceCents, Interval lift) {

    public static HoldoutComparison of(GroupOutcome contacted, GroupOutcome heldOut) {
        return new HoldoutComparison(contacted, heldOut, conversionDifference(contacted, heldOut),
                revenueDifference(contacted, heldOut), lift(contacted, heldOut));
    }

    private static Interval conversionDifference(GroupOutcome a, GroupOutcome b) {
        if (a.contacts() == 0 || b.contacts() == 0) {
            return Interval.undefined();
        }
        double pa = a.conversionRate();
        double pb = b.conversionRate();
        double se = Math.sqrt(pa * (1 - pa) / a.contacts() + pb * (1 - pb) / b.contacts());
        return Interval.normal(pa - pb, se);
    }

    private static Interval revenueDifference(GroupOutcome a, GroupOutcome b) {
        if (a.contacts() < 2 || b.contacts() < 2) {
            return Interval.undefined();
        }
        double se = Math.sqrt(a.revenueVariance() / a.contacts() + b.revenueVariance() / b.contacts());
        return Interval.normal(a.revenuePerContactCents() - b.revenuePerContactCents(), se);
    }

    private static Interval lift(GroupOutcome a, GroupOutcome b) {
        Interval difference = conversionDifference(a, b);
        double base = b.conversionRate();
        if (!difference.defined() || base == 0) {
            return Interval.undefined();
        }
        return new Interval(difference.estimate() / base, difference.low() / base, difference.high() / base, true);
    }
}
