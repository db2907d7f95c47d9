package dev.girard.db;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * SQLite lets one transaction write at a time; a second writer waits in SQLite's busy handler, which sleeps
 * a millisecond or more per try. The delivery workers write after every message, so they queue here, in
 * memory, instead: no sleeping, no lost turns. On PostgreSQL, which runs writers side by side, the gate is open.
 */
public final class WriteGate {
    private final ReentrantLock lock;

    WriteGate(boolean serialise) {
        this.lock = serialise ? new ReentrantLock() : null;
    }

    public <T> T write(Supplier<T> work) {
        if (lock == null) {
            return work.get();
        }
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void run(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }
}
