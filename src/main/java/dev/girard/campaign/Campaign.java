package dev.girard.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign: who (segment and its parameters), how (a channel, or channels in order of preference separated
 * by commas, and a template) and when (a Quartz cron
 * expression read in the campaign's time zone). {@code holdoutPercent} of the audience is held out (not
 * contacted, recorded for comparison); {@code capExempt} campaigns (transactional thank-yous) are not held
 * back by the frequency cap; a contact the cap defers is dropped if it cannot go within {@code validDays}.
 * {@code version} guards concurrent edits.
 */
public record Campaign(
        Long id,
        String name,
        String segment,
        Map<String, Object> segmentParams,
        String channel,
        String template,
        String cron,
        String timeZone,
        CampaignStatus status,
        int holdoutPercent,
        boolean capExempt,
        int validDays,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    public Campaign {
        segmentParams = segmentParams == null ? Map.of() : Map.copyOf(segmentParams);
    }

    /** The channels in order of preference: each customer gets the first that reaches them. */
    public List<String> channels() {
        return List.of(channel.split(","));
    }

    public Campaign withStatus(CampaignStatus newStatus) {
        return new Campaign(id, name, segment, segmentParams, channel, template, cron, timeZone, newStatus,
                holdoutPercent, capExempt, validDays, version, createdAt, updatedAt);
    }
}
