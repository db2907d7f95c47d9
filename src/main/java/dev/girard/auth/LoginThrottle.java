package dev.girard.auth;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed sign-ins per account and per address over a sliding window. After {@code maxFailures}
 * failures of an account, or from an address, within the window, further tries of that account or from that
 * address are refused until the oldest failure leaves the window; other accounts and addresses are not
 * affected. Kept in memory: a restart forgets, which only shortens a wait.
 */
public final class LoginThrottle {
    private final Clock clock;
    private final int maxFailures;
    private final long windowMillis;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    public LoginThrottle(Clock clock, int maxFailures, long windowMillis) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
    }

    /** Seconds until the account may try again from this address, or 0 if it may try now. */
    public synchronized long retryAfterSeconds(String account, String address) {
        long now = clock.millis();
        long wait = Math.max(waitMillis(accountKey(account), now), waitMillis(addressKey(address), now));
        return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
    }

    public synchronized void failed(String account, String address) {
        long now = clock.millis();
        for (String key : new String[] {accountKey(account), addressKey(address)}) {
            Deque<Long> list = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            prune(list, now);
            list.addLast(now);
            while (list.size() > maxFailures) {
                list.removeFirst();
            }
        }
    }

    /** A successful sign-in clears the account's failures (not the address's). */
    public synchronized void succeeded(String account) {
        failures.remove(accountKey(account));
    }

    private long waitMillis(String key, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(key);
        }
        return times.size() < maxFailures ? 0 : times.peekFirst() + windowMillis - now;
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
