package dev.girard.channel;

import java.util.Optional;

import dev.girard.customer.Customer;

/**
 * A way of reaching customers. The delivery engine knows only this: where a customer is reached, and a
 * connection (one per worker, reused for many messages) that renders and sends one message.
 */
public interface Channel {
    String id();

    /** The customer's address on this channel, if they have one. */
    Optional<String> address(Customer customer);

    /** Opens a connection for one worker thread; it is not shared between threads. */
    Connection open();

    interface Connection extends AutoCloseable {
        Outcome send(Outgoing message);

        @Override
        void close();
    }
}
