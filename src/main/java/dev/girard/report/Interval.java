package dev.girard.report;

/** An estimate with a 95% confidence interval; {@code defined} is false when the data cannot support one. */
public record Interval(double estimate, double low, double high, boolean defined) {
    static final double Z95 = 1.959964;

    static Interval undefined() {
        return new Interval(Double.NaN, Double.NaN, Double.NaN, false);
    }

    static Interval normal(double estimate, double standardError) {
        return new Interval(estimate, estimate - Z95 * standardError, estimate + Z95 * standardError, true);
    }

    /** True when the whole interval lies above zero (or below): the difference is unlikely to be chance. */
    public boolean excludesZero() {
        return defined && (low > 0 || high < 0);
    }
}
