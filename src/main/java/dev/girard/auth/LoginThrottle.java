package dev.girard.auth;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.jdbi.v3.core.Jdbi;

/**
 * Counts failed sign-ins per account and per address over a sliding window. After {@code maxFailures}
 * failures of an account, or from an address, within the window, further tries of that account or from that
 * address are refused until the oldest of those failures leaves the window; other accounts and addresses are
 * not affected. The failures live in the database ({@code sign_in_failures}), so every node sharing it counts
 * the same ones and a restart forgets nothing; rows older than the window are deleted as new ones arrive.
 */
public final class LoginThrottle {
    private static final int MAX_KEY = 300;

    private final Jdbi jdbi;
    private final Clock clock;
    private final int maxFailures;
    private final long windowMillis;

    public LoginThrottle(Jdbi jdbi, Clock clock, int maxFailures, long windowMillis) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
    }

    /** Seconds until the account may try again from this address, or 0 if it may try now. */
    public long retryAfterSeconds(String account, String address) {
        long now = clock.millis();
        long wait = Math.max(waitMillis(accountKey(account), now), waitMillis(addressKey(address), now));
        return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    public void failed(String account, String address) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM sign_in_failures WHERE failed_at <= :oldest")
                    .bind("oldest", now - windowMillis).execute();
            for (String key : List.of(accountKey(account), addressKey(address))) {
                h.createUpdate("INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES (:key, :at)")
                        .bind("key", key).bind("at", now).execute();
            }
        });
    }

    /** A successful sign-in clears the account's failures (not the address's). */
    public void succeeded(String account) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE throttle_key = :key")
                .bind("key", accountKey(account)).execute());
    }

    /** Until the oldest of the last {@code maxFailures} failures in the window leaves it; 0 with fewer. */
    private long waitMillis(String key, long now) {
        List<Long> recent = jdbi.withHandle(h -> h.createQuery("SELECT failed_at FROM sign_in_failures"
                        + " WHERE throttle_key = :key AND failed_at > :oldest ORDER BY failed_at DESC")
                .bind("key", key).bind("oldest", now - windowMillis).setMaxRows(maxFailures)
                .mapTo(Long.class).list());
        return recent.size() < maxFailures ? 0 : Math.max(0, recent.get(recent.size() - 1) + windowMillis - now);
    }

    private static String accountKey(String account) {
        return limit("account:" + (account == null ? "" : account.strip().toLowerCase(Locale.ROOT)));
    }

    private static String addressKey(String address) {
        return limit("address:" + address);
    }

    private static String limit(String key) {
        return key.length() <= MAX_KEY ? key : key.substring(0, MAX_KEY);
    }
}
