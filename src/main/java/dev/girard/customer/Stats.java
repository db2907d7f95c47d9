package dev.girard.customer;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A customer's retention measures, computed from their purchases.
 *
 * @param recencyDays     whole days from the last purchase to when this was computed
 * @param frequency12m    purchases in the 365 days before then
 * @param monetary12m     spend in those 365 days
 * @param medianGapDays   the median number of days between consecutive purchases (their rhythm); null below two
 * @param valuePercentile how many percent of customers spent less in 12 months (0–99; 80 and above is the top fifth)
 * @param rScore          recency quintile, 5 for the most recent fifth of customers; null before the first rebuild
 * @param discountShare   the share of purchases made at a discount (price sensitivity), 0–1
 */
public record Stats(long customerId, Instant firstPurchaseAt, Instant lastPurchaseAt, int recencyDays,
        int purchaseCount, int frequency12m, BigDecimal monetary12m, BigDecimal lifetime, Double medianGapDays,
        Double valuePercentile, Integer rScore, Integer fScore, Integer mScore, double discountShare,
        Instant computedAt) {
}
