package dev.girard.channel;

import java.util.Map;

/**
 * One message to go out: the delivery it belongs to, the address, the template and the data model.
 *
 * @param deliveryId the outbox row, used for a stable Message-ID
 */
public record Outgoing(long deliveryId, long campaignId, String address, String recipientName, String template,
        Map<String, Object> model) {
}
