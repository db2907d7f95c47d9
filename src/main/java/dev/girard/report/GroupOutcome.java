package dev.girard.report;

/**
 * What one group (contacted, or held out) did in the window after contact: how many contacts, how many of
 * them bought at least once, the purchases and the revenue (hundredths of the currency unit), and the sum of
 * squares of the revenue per contact (for the spread of revenue per customer).
 */
public record GroupOutcome(long contacts, long converted, long purchases, long revenueCents, double revenueSquares) {
    public static final GroupOutcome EMPTY = new GroupOutcome(0, 0, 0, 0, 0);

    /** Adds one contact whose customer made {@code purchases} purchases worth {@code revenueCents}. */
    public GroupOutcome plus(long purchases, long revenueCents) {
        return new GroupOutcome(contacts + 1, converted + (purchases > 0 ? 1 : 0), this.purchases + purchases,
                this.revenueCents + revenueCents, revenueSquares + (double) revenueCents * revenueCents);
    }

    /** Share of contacts who bought, 0 to 1 (0 for an empty group). */
    public double conversionRate() {
        return contacts == 0 ? 0 : (double) converted / contacts;
    }

    /** Revenue per contact, in hundredths of the currency unit. */
    public double revenuePerContactCents() {
        return contacts == 0 ? 0 : (double) revenueCents / contacts;
    }

    /** Sample variance of revenue per contact (cents squared). */
    double revenueVariance() {
        if (contacts < 2) {
            return 0;
        }
        double mean = revenuePerContactCents();
        return Math.max(0, (revenueSquares - contacts * mean * mean) / (contacts - 1));
    }
}
