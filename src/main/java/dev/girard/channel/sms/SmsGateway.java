package dev.girard.channel.sms;

import dev.girard.channel.Outcome;

/**
 * Where texts go: a file, a provider's HTTP API. A gateway is shared by all workers and must be thread-safe.
 * It answers each send with an {@link Outcome}: sent (with the provider's message id), retry (the provider
 * is busy or down; with the wait it asked for), failed, or rejected (the number itself is invalid).
 */
public interface SmsGateway extends AutoCloseable {
    /** file, http or twilio: what the start-up line and the README call it. */
    String id();

    Outcome send(SmsMessage message);

    @Override
    default void close() {
    }
}
