package dev.girard.segment;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * What a segment is evaluated against: the moment of the run, the campaign's time zone,
 * the zone assumed for customers who have none, and the campaign's segment parameters.
 */
public record SegmentContext(Instant at, ZoneId campaignZone, ZoneId defaultCustomerZone, Map<String, Object> params) {
    public ZonedDateTime campaignTime() {
        return at.atZone(campaignZone);
    }
}
