package dev.girard.channel;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.girard.customer.Customer;

/**
 * A way of reaching customers. The delivery engine knows only this: where a customer is reached, who may
 * not be contacted on it (and why), when a contact has to wait, and a connection (one per worker, reused
 * for many messages) that renders and sends one message.
 */
public interface Channel {
    String id();

    /** The customer's address on this channel, if they have one. */
    Optional<String> address(Customer customer);

    /**
     * Of these customers, those who must not be contacted on this channel, each with the reason (e.g. no
     * consent). Asked when a run is planned and again right before the send, for a batch at a time.
     */
    default Map<Long, String> refusals(Collection<Customer> customers) {
        return Map.of();
    }

    /** When a contact due {@code now} has to wait (e.g. the recipient's night), until when and why; empty: send now. */
    default Optional<Wait> waitUntil(Customer customer, Instant now) {
        return Optional.empty();
    }

    /** The templates this channel can send; empty for a channel whose templates are checked elsewhere. */
    default List<String> templates() {
        return List.of();
    }

    /** What would stop template NAME from going out well on this channel (syntax, length); empty when it is fine. */
    default List<String> checkTemplate(String name) {
        return List.of();
    }

    /** Opens a connection for one worker thread; it is not shared between threads. */
    Connection open();

    interface Connection extends AutoCloseable {
        Outcome send(Outgoing message);

        @Override
        void close();
    }

    /** A contact put off until {@code until}, for {@code reason}. */
    record Wait(Instant until, String reason) {
    }
}
