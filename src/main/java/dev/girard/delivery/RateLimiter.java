package dev.girard.delivery;

import java.util.concurrent.TimeUnit;

/**
 * At most N permits a second, shared by all workers of a channel: each caller is given the next free
 * slot and sleeps until it comes. Zero means no limit.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    public RateLimiter(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / perSecond;
    }

    public void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
