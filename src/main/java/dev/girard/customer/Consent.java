package dev.girard.customer;

import java.time.Instant;

/**
 * One consent record: a customer granted or withdrew permission to be contacted on a channel, at a
 * time, through a source (a form, a till, an SMS reply), with the wording they agreed to. Records are
 * never changed; the latest one per channel decides.
 */
public record Consent(Long id, long customerId, String channel, boolean granted, Instant at, String source,
        String wording) {
}
