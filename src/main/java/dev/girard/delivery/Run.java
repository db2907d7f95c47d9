package dev.girard.delivery;

import java.time.Instant;

/**
 * One firing of a campaign and what came of it. {@code audience} counts the segment's members,
 * {@code planned} the deliveries this run created; members already contacted for the occurrence
 * ({@code alreadyContacted}) get nothing. {@code skipped} adds those without an address on the channel.
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
        int skipped,
        int alreadyContacted,
        int pending,
        String error,
        Instant startedAt,
        Instant finishedAt) {

    public static final String PLANNING = "planning";
    public static final String SENDING = "sending";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";
}
