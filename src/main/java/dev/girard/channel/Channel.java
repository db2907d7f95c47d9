package dev.girard.channel;

import java.time.Instant;
import java.util.Optional;

import dev.girard.customer.Customer;

/**
 * A way of reaching customers. The delivery engine knows only this: where a customer is reached, whose
 * consent the channel needs, and a connection (one per worker, reused for many messages) that renders and
 * sends one message. Channels are registered with their cost in a {@link ChannelRegistry}; a campaign names
 * one channel or an ordered preference of them, and planning gives each customer the first channel they are
 * reachable and consenting on.
 */
public interface Channel {
    /** The id campaigns, deliveries, consents and suppressions name the channel by: email, sms, postcard. */
    String id();

    /**
     * The customer's address on this channel, if they have a usable one (a channel that needs a complete
     * postal address returns empty for an incomplete one). Suppressions are kept per channel and address.
     */
    Optional<String> address(Customer customer);

    /** Whose consent this channel needs; see {@link ConsentRule}. */
    default ConsentRule consentRule() {
        return ConsentRule.UNLESS_WITHDRAWN;
    }

    /**
     * Why this channel cannot send the named template (it does not exist for this channel, or does not
     * compile), naming what would be valid; empty when it can. Checked when a campaign is saved.
     */
    Optional<String> templateProblem(String template);

    /** When a contact due {@code now} has to wait (e.g. the recipient's night), until when and why; empty: send now. */
    default Optional<Wait> waitUntil(Customer customer, Instant now) {
        return Optional.empty();
    }

    /** Opens a connection for one worker thread; it is not shared between threads. */
    Connection open();

    interface Connection extends AutoCloseable {
        /** Renders and sends one message, and says what became of it. */
        Outcome send(Outgoing message);

        /**
         * Renders and sends one message, handing its outcome to {@code record}: before this returns, or, on a
         * connection that lets a message's confirmation travel with the next one (SMTP pipelining), when the
         * next message is sent on the same SMTP connection (by this worker or another) or at {@link #flush}. An
         * SMTP connection lets a message be accepted only while no more than its share of the workers' messages
         * is sent and not recorded (one per worker in all); meanwhile it may already transmit the next message,
         * and this worker prepare its own next one. {@code record} may therefore be called on another thread.
         */
        default void send(Outgoing message, java.util.function.Function<Outcome, Recorded> record) {
            record.apply(send(message)).await();
        }

        /**
         * Returns once the outcome still owed, if any, is handed over and its record committed (see
         * {@link #send(Outgoing, java.util.function.Function)}).
         */
        default void flush() {
        }

        @Override
        void close();
    }

    /** A contact put off until {@code until}, for {@code reason}. */
    record Wait(Instant until, String reason) {
    }

    /** How a channel treats the customer's consent records for it (the latest record per channel decides). */
    enum ConsentRule {
        /** Contacted unless the latest record withdraws consent (e-mail to customers, postcards). */
        UNLESS_WITHDRAWN,
        /** Contacted only if the latest record grants consent; no record means no consent (SMS). */
        ONLY_IF_GRANTED
    }
}
