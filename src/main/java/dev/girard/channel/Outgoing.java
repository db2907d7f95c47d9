package dev.girard.channel;

import java.util.Map;

import dev.girard.customer.Customer;

/**
 * One message to go out: the delivery it belongs to, the customer and their address on the channel, the
 * template and the data model.
 *
 * @param deliveryId the outbox row, used for a stable Message-ID
 * @param runId      the run (one firing of the campaign) the delivery belongs to
 */
public record Outgoing(long deliveryId, long runId, long campaignId, Customer customer, String address, String template,
        Map<String, Object> model) {

    public String recipientName() {
        return customer.fullName();
    }
}
