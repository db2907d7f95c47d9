package dev.girard.delivery;

import java.time.Duration;

import dev.girard.config.Config;
import dev.girard.config.ConfigKey;

/** How the delivery workers behave: how many, how they retry, lease, cap and limit. */
public record DeliverySettings(
        int workers,
        int maxAttempts,
        Duration firstRetry,
        Duration giveUpAfter,
        Duration lease,
        int pauseAfterFailures,
        int capMaxContacts,
        Duration capWindow,
        int emailPerSecond) {

    static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

    public static DeliverySettings from(Config config) {
        return new DeliverySettings(
                config.getInt(ConfigKey.DELIVERY_WORKERS),
                config.getInt(ConfigKey.DELIVERY_MAX_ATTEMPTS),
                Duration.ofSeconds(config.getInt(ConfigKey.DELIVERY_RETRY_FIRST_SECONDS)),
                Duration.ofHours(config.getInt(ConfigKey.DELIVERY_RETRY_GIVE_UP_HOURS)),
                Duration.ofSeconds(config.getInt(ConfigKey.DELIVERY_LEASE_SECONDS)),
                config.getInt(ConfigKey.DELIVERY_PAUSE_AFTER_FAILURES),
                config.getInt(ConfigKey.CAP_MAX_CONTACTS),
                Duration.ofDays(config.getInt(ConfigKey.CAP_WINDOW_DAYS)),
                config.getInt(ConfigKey.EMAIL_RATE));
    }

    /** Exponential backoff: the first delay, doubled for every further attempt, at most an hour. */
    Duration retryDelay(int attempts) {
        Duration delay = firstRetry.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }
}
