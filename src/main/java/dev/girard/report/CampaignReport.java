package dev.girard.report;

import java.time.Duration;
import java.util.List;

/**
 * One campaign's answer to "on whom did we spend the money, and what came back": contacts by outcome, the
 * cost of what was sent, and the purchases in the window after contact compared with the holdout group.
 *
 * @param costMicros what the sent contacts cost, in millionths of the currency unit
 * @param currencies the currencies of the purchases counted (revenue adds them up as they are)
 */
public record CampaignReport(long campaignId, String campaignName, String segment, String channel, Duration window,
        long sent, long failed, long heldOut, long costMicros, List<String> currencies, HoldoutComparison comparison) {

    /** Cost per contacted customer, in millionths of the currency unit (0 when nobody was contacted). */
    public double costPerContactMicros() {
        return sent == 0 ? 0 : (double) costMicros / sent;
    }
}
