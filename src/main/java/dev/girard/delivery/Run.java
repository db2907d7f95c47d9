package dev.girard.delivery;

import java.time.Instant;

/**
 * One firing of a campaign and how far it got. {@code audience} counts the segment's members;
 * {@code planned} the deliveries this run created (members already contacted for the occurrence,
 * {@code alreadyContacted}, get none). Of the planned: {@code sent}, {@code failed}, {@code retrying}
 * (due again after a temporary failure), {@code suppressed}, {@code heldOut} (the holdout group),
 * {@code capped} (the frequency cap left no room in time), {@code skipped} (no address on the channel),
 * {@code cancelled}, and {@code remaining} (still to go, including {@code deferred} ones waiting for the
 * frequency cap). {@code ratePerSecond} is the send rate over the last ten seconds; {@code etaSeconds}
 * the time the remaining ones take at that rate.
 */
public record Run(
        long id,
        long campaignId,
        String occurrenceKey,
        String trigger,
        String status,
        Instant fireTime,
        int audience,
        int planned,
        int sent,
        int failed,
        int retrying,
        int suppressed,
        int heldOut,
        int capped,
        int skipped,
        int cancelled,
        int alreadyContacted,
        int remaining,
        int deferred,
        double ratePerSecond,
        Long etaSeconds,
        String error,
        String pausedReason,
        Instant startedAt,
        Instant finishedAt) {

    public static final String PLANNING = "planning";
    public static final String SENDING = "sending";
    public static final String PAUSED = "paused";
    public static final String FINISHED = "finished";
    public static final String CANCELLED = "cancelled";
    public static final String FAILED = "failed";
}
