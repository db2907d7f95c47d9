package dev.girard.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.campaign.Campaign;
import dev.girard.campaign.CampaignStore;
import dev.girard.channel.Channel;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;
import dev.girard.render.MessageModel;
import dev.girard.render.Sender;
import dev.girard.render.TemplateProblem;

/**
 * The delivery workers. Each claims a few due outbox rows at a time under a lease, renders and sends them
 * over its own channel connection (kept open while there is work), and records each outcome right after the
 * send. A worker that dies leaves only its leased rows, which go back to pending when the lease runs out
 * (or at once at the next start of a single node).
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    private static final int CHUNK = 10;
    private static final long LEASE_MILLIS = Duration.ofMinutes(10).toMillis();
    private static final long IDLE_POLL_MILLIS = 2000;
    private static final long FIRST_RETRY_MILLIS = Duration.ofSeconds(30).toMillis();
    private static final long MAX_RETRY_MILLIS = Duration.ofHours(1).toMillis();

    private final DeliveryStore deliveries;
    private final RunStore runs;
    private final CampaignStore campaigns;
    private final CustomerStore customers;
    private final Map<String, Channel> channels;
    private final Sender sender;
    private final Clock clock;
    private final String nodeId;
    private final int workerCount;
    private final int maxAttempts;
    private final Object signal = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "girard-leases"));
    private volatile boolean running;

    public DeliveryEngine(DeliveryStore deliveries, RunStore runs, CampaignStore campaigns, CustomerStore customers,
            List<Channel> channels, Sender sender, Clock clock, String nodeId, int workerCount,
            int maxAttempts) {
        this.deliveries = deliveries;
        this.runs = runs;
        this.campaigns = campaigns;
        this.customers = customers;
        this.channels = new HashMap<>();
        channels.forEach(c -> this.channels.put(c.id(), c));
        this.sender = sender;
        this.clock = clock;
        this.nodeId = nodeId;
        this.workerCount = workerCount;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Starts the workers.
     *
     * @param singleNode true when no other process can hold a lease (SQLite): every leased row is then an
     *                   orphan of a crash and goes back to pending at once
     */
    public synchronized void start(boolean singleNode) {
        int released = deliveries.releaseLeases(singleNode);
        if (released > 0) {
            LOG.info("{} deliveries interrupted by a stop or crash go back to pending", released);
        }
        running = true;
        for (int i = 1; i <= workerCount; i++) {
            String owner = nodeId + "/w" + i;
            Thread thread = new Thread(() -> work(owner), "girard-delivery-" + i);
            thread.start();
            workers.add(thread);
        }
        housekeeping.scheduleWithFixedDelay(this::releaseExpiredLeases, 60, 60, TimeUnit.SECONDS);
    }

    /** Tells idle workers that new rows are due. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void releaseExpiredLeases() {
        try {
            if (deliveries.releaseLeases(false) > 0) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release expired leases: {}", e.getMessage());
        }
    }

    private void work(String owner) {
        Map<String, Channel.Connection> connections = new HashMap<>();
        try {
            while (running) {
                List<Delivery> chunk;
                try {
                    chunk = deliveries.claim(owner, LEASE_MILLIS, CHUNK);
                } catch (RuntimeException e) {
                    LOG.warn("Could not claim deliveries: {}", e.getMessage());
                    pause();
                    continue;
                }
                if (chunk.isEmpty()) {
                    // idle: let the SMTP server have its connection back
                    connections.values().forEach(Channel.Connection::close);
                    connections.clear();
                    pause();
                    continue;
                }
                Set<Long> touchedRuns = new LinkedHashSet<>();
                Map<Long, Campaign> campaignCache = new HashMap<>();
                Map<Long, Instant> fireTimes = new HashMap<>();
                for (Delivery delivery : chunk) {
                    if (!running) {
                        break;
                    }
                    touchedRuns.add(delivery.runId());
                    try {
                        deliver(owner, delivery, campaignCache, fireTimes, connections);
                    } catch (RuntimeException e) {
                        LOG.error("Delivery {} could not be recorded; it stays leased and is retried after the lease",
                                delivery.id(), e);
                    }
                }
                touchedRuns.forEach(runs::finishIfDone);
            }
        } finally {
            connections.values().forEach(Channel.Connection::close);
            try {
                deliveries.release(owner);
            } catch (RuntimeException e) {
                LOG.warn("Could not release the leases of {}: {}", owner, e.getMessage());
            }
        }
    }

    private void pause() {
        synchronized (signal) {
            try {
                signal.wait(IDLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void deliver(String owner, Delivery d, Map<Long, Campaign> campaignCache, Map<Long, Instant> fireTimes,
            Map<String, Channel.Connection> connections) {
        Optional<Customer> customer = customers.find(d.customerId());
        if (customer.isEmpty()) {
            deliveries.skipped(d.id(), owner, "the customer was deleted");
            return;
        }
        Channel channel = channels.get(d.channel());
        if (channel == null) {
            deliveries.failed(d.id(), owner, null, "channel " + d.channel() + " is not available");
            return;
        }
        Optional<String> address = channel.address(customer.get());
        if (address.isEmpty()) {
            deliveries.skipped(d.id(), owner, "no " + channel.id() + " address");
            return;
        }
        Campaign campaign = campaignCache.computeIfAbsent(d.campaignId(), campaigns::get);
        var when = fireTimes.computeIfAbsent(d.runId(), runs::fireTime).atZone(ZoneId.of(campaign.timeZone()));
        Map<String, Object> model = MessageModel.of(customer.get(), campaign.name(), d.occurrenceKey(), when, sender, "");
        Outcome outcome;
        try {
            Channel.Connection connection = connections.computeIfAbsent(channel.id(), id -> channel.open());
            outcome = connection.send(new Outgoing(d.id(), campaign.id(), address.get(), customer.get().fullName(),
                    campaign.template(), model));
        } catch (TemplateProblem e) {
            outcome = Outcome.failed(e.getMessage());
        }
        switch (outcome.kind()) {
            case SENT -> deliveries.sent(d.id(), owner, address.get(), outcome.messageId());
            case FAILED -> deliveries.failed(d.id(), owner, address.get(), outcome.detail());
            case RETRY -> {
                if (d.attempts() >= maxAttempts) {
                    deliveries.failed(d.id(), owner, address.get(), "gave up after " + d.attempts() + " attempts: "
                            + outcome.detail());
                } else {
                    long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(20, d.attempts() - 1));
                    deliveries.retryLater(d.id(), owner, address.get(), outcome.detail(), clock.millis() + delay);
                }
            }
        }
    }

    /** Stops claiming, lets each worker finish the message in hand, and releases unsent leases. */
    @Override
    public synchronized void close() {
        running = false;
        housekeeping.shutdownNow();
        wake();
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.clear();
    }
}
