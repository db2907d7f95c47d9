package dev.girard.channel.email;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

import jakarta.mail.MessagingException;

/**
 * The SMTP connections the workers share. More workers than connections keeps the connections busy: while
 * one worker transmits, the others render and compose their next message. A transport opens its connection
 * on first use and keeps it; when no worker has the channel open any more (the run is done), the idle
 * connections are closed so the server gets them back.
 */
final class TransportPool {
    private final Supplier<MailTransport> factory;
    private final int size;
    private final Deque<MailTransport> idle = new ArrayDeque<>();
    private int created;
    private int users;

    TransportPool(Supplier<MailTransport> factory, int size) {
        this.factory = factory;
        this.size = size;
    }

    /** Waits for a free transport, creating one while fewer than the pool's size exist. */
    synchronized MailTransport take() throws InterruptedException {
        while (idle.isEmpty() && created >= size) {
            wait();
        }
        if (!idle.isEmpty()) {
            return idle.pop();
        }
        created++;
        return factory.get();
    }

    synchronized void give(MailTransport transport) {
        idle.push(transport);
        notify();
    }

    /** Takes {@code transport} out of the pool if it is idle there; false when a worker has it. */
    synchronized boolean takeIfIdle(MailTransport transport) {
        return idle.removeFirstOccurrence(transport);
    }

    synchronized void opened() {
        users++;
    }

    /** A worker let go of the channel; the last one out closes the idle connections. */
    synchronized void closed() {
        users--;
        if (users == 0) {
            // each worker waited for its verdicts before it let go; a verdict still owed is read, not abandoned
            idle.forEach(transport -> {
                try {
                    transport.confirm();
                } catch (MessagingException e) {
                    // handed over as a failure: the message is retried
                }
                transport.close();
            });
            created -= idle.size();
            idle.clear();
        }
    }
}
