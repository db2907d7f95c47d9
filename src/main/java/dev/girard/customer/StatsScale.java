package dev.girard.customer;

import java.util.Arrays;

/**
 * Where one measure stood across all customers at the last rebuild: the value at each whole percentile.
 * {@code threshold[j]} (j = 1..100) is the highest value among the lowest j % of customers, so a value
 * above {@code threshold[j]} beats at least j % of them. Percentiles and quintile scores of the rebuild and
 * of a purchase between rebuilds are both read from here, so they always agree.
 */
final class StatsScale {
    static final String RECENCY = "recency";
    static final String FREQUENCY = "frequency";
    static final String MONETARY = "monetary";

    private final double[] thresholds;

    StatsScale(double[] thresholds) {
        if (thresholds.length != 101) {
            throw new IllegalArgumentException("a scale has positions 1 to 100");
        }
        this.thresholds = thresholds;
    }

    /** The scale of these values (sorted in place). */
    static StatsScale of(double[] values, int count) {
        Arrays.sort(values, 0, count);
        double[] t = new double[101];
        for (int j = 1; j <= 100; j++) {
            int index = (int) Math.ceil(j * (double) count / 100) - 1;
            t[j] = values[Math.max(index, 0)];
        }
        return new StatsScale(t);
    }

    double threshold(int position) {
        return thresholds[position];
    }

    /** Percent of customers this value beats: 0 to 99. */
    int percentile(double value) {
        int beaten = 0;
        for (int j = 1; j <= 99; j++) {
            if (value > thresholds[j]) {
                beaten = j;
            }
        }
        return beaten;
    }

    /** The quintile score: 1 for the lowest fifth to 5 for the highest. */
    int score(double value) {
        int score = 1;
        for (int k = 20; k <= 80; k += 20) {
            if (value > thresholds[k]) {
                score++;
            }
        }
        return score;
    }
}
