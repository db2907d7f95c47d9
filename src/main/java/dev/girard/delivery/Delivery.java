package dev.girard.delivery;

/** A claimed outbox row: which customer gets which campaign's message under which occurrence. */
public record Delivery(long id, long runId, long campaignId, long customerId, String occurrenceKey, String channel,
        int attempts, long createdAt) {
}
