package dev.girard.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.campaign.Campaign;
import dev.girard.campaign.CampaignStore;
import dev.girard.channel.Channel;
import dev.girard.channel.ChannelRegistry;
import dev.girard.channel.Outcome;
import dev.girard.channel.Outgoing;
import dev.girard.channel.Recorded;
import dev.girard.customer.ConsentStore;
import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;
import dev.girard.render.MessageModel;
import dev.girard.render.Sender;
import dev.girard.render.TemplateProblem;

/**
 * The delivery workers. Each claims a chunk of due outbox rows at a time under a lease, checks suppression
 * and the frequency cap again, renders and sends over its own channel connection (kept open while there is
 * work), and records each outcome before the connection lets the next message be accepted (right after the
 * send, or, on a pipelining SMTP connection, while the next message goes out; see
 * {@link Channel.Connection#send(Outgoing, Function)}). A worker that dies leaves only its leased rows,
 * which go back to pending when the lease runs out (or at once at the next start of a single node).
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    // Rows a worker claims at once (one transaction of the write gate); they share their look-ups (customers,
    // suppressions, consents, recent contacts), and the worker asks whether their runs are done after them.
    private static final int CHUNK = 50;
    private static final long IDLE_POLL_MILLIS = 1000;
    // How stale a worker's idea of a run's status (or its campaign), or of its chunk's suppressions and
    // consents, may be: a pause, a cancel or an unsubscribe stops sends within this time.
    private static final long RUN_STATUS_MILLIS = 250;

    private final DeliveryStore deliveries;
    private final RunStore runs;
    private final CampaignStore campaigns;
    private final CustomerStore customers;
    private final SuppressionStore suppressions;
    private final ConsentStore consents;
    private final ChannelRegistry channels;
    private final Map<String, RateLimiter> limits = new HashMap<>();
    private final Sender sender;
    private final Clock clock;
    private final String nodeId;
    private final DeliverySettings settings;
    private final Map<Long, FailureStreak> streaks = new ConcurrentHashMap<>();
    // A run's fire time never changes: read once per run, not once per chunk.
    private final Map<Long, Instant> fireTimes = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "girard-leases"));
    private volatile boolean running;

    public DeliveryEngine(DeliveryStore deliveries, RunStore runs, CampaignStore campaigns, CustomerStore customers,
            SuppressionStore suppressions, ConsentStore consents, ChannelRegistry channels, Sender sender, Clock clock,
            String nodeId, DeliverySettings settings) {
        this.deliveries = deliveries;
        this.runs = runs;
        this.campaigns = campaigns;
        this.customers = customers;
        this.suppressions = suppressions;
        this.consents = consents;
        this.channels = channels;
        this.limits.put("email", new RateLimiter(settings.emailPerSecond()));
        this.sender = sender;
        this.clock = clock;
        this.nodeId = nodeId;
        this.settings = settings;
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
        for (int i = 1; i <= settings.workers(); i++) {
            String owner = nodeId + "/w" + i;
            Thread thread = new Thread(() -> work(owner), "girard-delivery-" + i);
            thread.start();
            workers.add(thread);
        }
        long every = Math.max(1, settings.lease().toSeconds() / 4);
        housekeeping.scheduleWithFixedDelay(this::releaseExpiredLeases, every, every, TimeUnit.SECONDS);
    }

    /** Tells idle workers that new rows are due. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void releaseExpiredLeases() {
        try {
            if (deliveries.releaseLeases(false) + deliveries.resumeStrayPausedRows() > 0) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not release expired leases: {}", e.getMessage());
        }
    }

    private void work(String owner) {
        Map<String, Channel.Connection> connections = new HashMap<>();
        Recent recent = new Recent();
        try {
            while (running) {
                List<Delivery> chunk;
                try {
                    chunk = deliveries.claim(owner, settings.lease().toMillis(), CHUNK);
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
                try (DeliveryStore.Recorder recorder = deliveries.recorder()) {
                    try {
                        deliverAll(chunk, owner, recorder, recent, connections, touchedRuns);
                    } finally {
                        // the outcomes a connection still owes are recorded with this chunk's recorder
                        connections.values().forEach(Channel.Connection::flush);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not work through a chunk: {}; its leases run out and the rows are claimed again",
                            e.getMessage());
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

    private void deliverAll(List<Delivery> chunk, String owner, DeliveryStore.Recorder recorder, Recent recent,
            Map<String, Channel.Connection> connections, Set<Long> touchedRuns) {
        Chunk context = new Chunk(chunk, owner, recorder, recent);
        for (Delivery delivery : chunk) {
            if (!running) {
                break;
            }
            touchedRuns.add(delivery.runId());
            try {
                deliver(delivery, context, connections);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                LOG.error("Delivery {} could not be recorded; it stays leased and is retried after the lease",
                        delivery.id(), e);
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

    /**
     * What a worker keeps from chunk to chunk, read again when older than {@link #RUN_STATUS_MILLIS}: the
     * status of each run (so a pause or cancel stops its sends within that time) and each campaign (so an
     * edit reaches the messages not yet sent).
     */
    private final class Recent {
        final Map<Long, Map.Entry<Long, String>> runStatuses = new HashMap<>();
        final Map<Long, Map.Entry<Long, Campaign>> campaignsById = new HashMap<>();

        String runStatus(long runId) {
            return fresh(runStatuses, runId, runs::status);
        }

        Campaign campaign(long campaignId) {
            return fresh(campaignsById, campaignId, campaigns::get);
        }
    }

    private static <T> T fresh(Map<Long, Map.Entry<Long, T>> known, long id, LongFunction<T> read) {
        long now = System.nanoTime();
        Map.Entry<Long, T> entry = known.get(id);
        if (entry == null || now - entry.getKey() > TimeUnit.MILLISECONDS.toNanos(RUN_STATUS_MILLIS)) {
            entry = Map.entry(now, read.apply(id));
            known.put(id, entry);
        }
        return entry.getValue();
    }

    /**
     * What a worker looks up once for its whole chunk rather than per message: the customers, who of
     * them is suppressed or has withdrawn consent, and their recent contacts for the cap. Suppressions and
     * consents are read again when older than {@link #RUN_STATUS_MILLIS}, so an unsubscribe during a run
     * stops later sends within that time, however long the chunk takes.
     */
    private final class Chunk {
        final String owner;
        final DeliveryStore.Recorder outcomes;
        final Map<Long, Customer> customersById;
        final Map<Long, List<Long>> recentContacts;
        final long windowStart = clock.millis() - settings.capWindow().toMillis();
        final Map<String, List<String>> addresses = new HashMap<>();
        final Map<String, List<Long>> customersByChannel = new HashMap<>();
        final Map<String, Map<String, String>> suppressedByChannel = new HashMap<>();
        final Map<String, Map<Long, Boolean>> consentByChannel = new HashMap<>();
        long refusalsReadAt;
        final Recent recent;

        Chunk(List<Delivery> chunk, String owner, DeliveryStore.Recorder outcomes, Recent recent) {
            this.owner = owner;
            this.outcomes = outcomes;
            this.recent = recent;
            Set<Long> ids = new LinkedHashSet<>();
            chunk.forEach(d -> ids.add(d.customerId()));
            customersById = customers.findAll(ids);
            recentContacts = new HashMap<>();
            deliveries.recentContacts(ids, windowStart).forEach((id, sent) ->
                    recentContacts.put(id, Collections.synchronizedList(sent)));
            for (Delivery d : chunk) {
                customersByChannel.computeIfAbsent(d.channel(), k -> new ArrayList<>()).add(d.customerId());
                Channel channel = channels.find(d.channel()).orElse(null);
                Customer customer = customersById.get(d.customerId());
                if (channel != null && customer != null) {
                    channel.address(customer).ifPresent(a -> addresses.computeIfAbsent(channel.id(), k -> new ArrayList<>()).add(a));
                }
            }
            readRefusals();
        }

        private void readRefusals() {
            addresses.forEach((channel, list) -> suppressedByChannel.put(channel, suppressions.reasons(channel, list)));
            customersByChannel.forEach((channel, list) -> consentByChannel.put(channel, consents.latestAmong(list, channel)));
            refusalsReadAt = System.nanoTime();
        }

        private void refreshRefusals() {
            if (System.nanoTime() - refusalsReadAt > TimeUnit.MILLISECONDS.toNanos(RUN_STATUS_MILLIS)) {
                readRefusals();
            }
        }

        Optional<String> consentRefusal(Channel channel, long customerId) {
            refreshRefusals();
            return ConsentCheck.refusal(channel.consentRule(),
                    consentByChannel.getOrDefault(channel.id(), Map.of()).get(customerId));
        }

        /**
         * The customer's contacts counted by the cap, oldest first. A message's verdict may be recorded on
         * another worker's thread (see {@link Channel.Connection#send(Outgoing, Function)}), which takes a
         * refused message off this list: it is synchronized.
         */
        List<Long> recentContacts(long customerId) {
            return recentContacts.computeIfAbsent(customerId, k -> Collections.synchronizedList(new ArrayList<>()));
        }

        Optional<String> suppression(String channel, String address) {
            refreshRefusals();
            return Optional.ofNullable(suppressedByChannel.getOrDefault(channel, Map.of())
                    .get(SuppressionStore.normalise(address)));
        }
    }

    private void deliver(Delivery d, Chunk chunk, Map<String, Channel.Connection> connections)
            throws InterruptedException {
        String owner = chunk.owner;
        DeliveryStore.Recorder outcomes = chunk.outcomes;
        String runStatus = chunk.recent.runStatus(d.runId());
        if (runStatus.equals(Run.PAUSED) || runStatus.equals(Run.CANCELLED)) {
            outcomes.stopped(d.id(), owner);
            return;
        }
        Customer customer = chunk.customersById.get(d.customerId());
        if (customer == null) {
            outcomes.closed(d.id(), owner, "skipped", null, "the customer was deleted");
            return;
        }
        Channel channel = channels.find(d.channel()).orElse(null);
        if (channel == null) {
            outcomes.closed(d.id(), owner, "failed", null, "channel " + d.channel() + " is not available");
            return;
        }
        Optional<String> address = channel.address(customer);
        if (address.isEmpty()) {
            outcomes.closed(d.id(), owner, "skipped", null, "no " + channel.id() + " address");
            return;
        }
        // checked again now, not only when planned: an unsubscribe or a withdrawal during a run stops later sends
        Optional<String> suppressed = chunk.suppression(channel.id(), address.get());
        if (suppressed.isPresent()) {
            outcomes.closed(d.id(), owner, "suppressed", address.get(), suppressed.get());
            return;
        }
        Optional<String> refused = chunk.consentRefusal(channel, customer.id());
        if (refused.isPresent()) {
            outcomes.closed(d.id(), owner, "skipped", address.get(), refused.get());
            return;
        }
        Campaign campaign = chunk.recent.campaign(d.campaignId());
        List<Long> recent = chunk.recentContacts(d.customerId());
        if (!campaign.capExempt() && !withinCap(outcomes, owner, d, campaign, recent)) {
            return;
        }
        Optional<Channel.Wait> wait = channel.waitUntil(customer, clock.instant());
        if (wait.isPresent()) {
            outcomes.defer(d.id(), owner, wait.get().reason(), wait.get().until().toEpochMilli());
            return;
        }
        var when = fireTimes.computeIfAbsent(d.runId(), runs::fireTime).atZone(ZoneId.of(campaign.timeZone()));
        Map<String, Object> model = MessageModel.of(customer, campaign.name(), d.occurrenceKey(), when, sender, "");
        Channel.Connection connection = connections.computeIfAbsent(channel.id(), id -> channel.open());
        RateLimiter limit = limits.get(channel.id());
        if (limit != null) {
            limit.acquire();
        }
        // counted for the cap from now: the outcome may be recorded only with the next message (see Connection)
        Long contact = clock.millis();
        recent.add(contact);
        // called on whichever thread reads the verdict: this worker's, or another's using the same SMTP connection
        Function<Outcome, Recorded> recordOutcome = outcome -> {
            DeliveryStore.Later later = outcomes.later();
            record(later, owner, d, channel, address.get(), outcome);
            if (outcome.kind() != Outcome.Kind.SENT && outcome.kind() != Outcome.Kind.QUEUED) {
                recent.remove(contact);
            }
            return later.recorded();
        };
        try {
            connection.send(new Outgoing(d.id(), d.runId(), campaign.id(), customer, address.get(), campaign.template(),
                    model), recordOutcome);
        } catch (TemplateProblem e) {
            recordOutcome.apply(Outcome.failed(e.getMessage())).await();
        }
    }

    /**
     * The frequency cap: at most N contacts per rolling window, over all campaigns and channels. A contact
     * over the cap waits until the oldest contact in the window ages out, if that is within the campaign's
     * validity; otherwise it is recorded as capped.
     */
    private boolean withinCap(DeliveryStore.Recorder outcomes, String owner, Delivery d, Campaign campaign,
            List<Long> recent) {
        long oldestCounted;
        synchronized (recent) {
            if (recent.size() < settings.capMaxContacts()) {
                return true;
            }
            oldestCounted = recent.get(recent.size() - settings.capMaxContacts());
        }
        long freeAt = oldestCounted + settings.capWindow().toMillis() + 1;
        long validUntil = d.createdAt() + Duration.ofDays(campaign.validDays()).toMillis();
        String reason = "frequency cap: " + recent.size() + " contacts in the last " + settings.capWindow().toDays()
                + " days (at most " + settings.capMaxContacts() + ")";
        if (freeAt > validUntil) {
            outcomes.closed(d.id(), owner, "capped", null, reason + "; no room before the campaign's "
                    + campaign.validDays() + " days ran out");
        } else {
            outcomes.defer(d.id(), owner, reason + "; deferred to " + Instant.ofEpochMilli(freeAt), freeAt);
        }
        return false;
    }

    private void record(DeliveryStore.Outcomes outcomes, String owner, Delivery d, Channel channel, String address,
            Outcome outcome) {
        switch (outcome.kind()) {
            case SENT -> {
                long cost = outcome.costMicros() != null ? outcome.costMicros() : channels.costMicros(channel.id());
                outcomes.sent(d.id(), owner, address, outcome.messageId(), cost);
                streaks.remove(d.runId());
            }
            case QUEUED -> {
                outcomes.queued(d.id(), owner, address);
                streaks.remove(d.runId());
            }
            case FAILED -> {
                outcomes.closed(d.id(), owner, "failed", address, outcome.detail());
                if (outcome.suppress()) {
                    suppressions.add(channel.id(), address, outcome.detail());
                }
                countFailure(d.runId(), outcome.detail());
            }
            case RETRY -> {
                long age = clock.millis() - d.createdAt();
                if (d.attempts() >= settings.maxAttempts() || age > settings.giveUpAfter().toMillis()) {
                    outcomes.closed(d.id(), owner, "failed", address, "gave up after " + d.attempts()
                            + " attempts over " + Duration.ofMillis(age).toMinutes() + " minutes: " + outcome.detail());
                } else {
                    Duration delay = outcome.retryAfter() != null ? outcome.retryAfter() : settings.retryDelay(d.attempts());
                    outcomes.retryLater(d.id(), owner, address, outcome.detail(), clock.millis() + delay.toMillis());
                }
                countFailure(d.runId(), outcome.detail());
            }
        }
    }

    /** N sends in a row failing for the same reason means the server is down, not the customers: pause the run. */
    private void countFailure(long runId, String detail) {
        String reason = detail == null ? "unknown error" : detail;
        FailureStreak streak = streaks.merge(runId, new FailureStreak(reason, 1, clock.millis()),
                (old, next) -> old.reason().equals(reason)
                        ? new FailureStreak(reason, old.count() + 1, old.since()) : next);
        if (streak.count() >= settings.pauseAfterFailures()) {
            streaks.remove(runId);
            try {
                if (runs.pauseItself(runId, "paused itself: the last " + streak.count() + " sends all failed with: "
                        + reason, streak.since())) {
                    LOG.warn("Run {} paused itself: the last {} sends all failed with: {}", runId, streak.count(), reason);
                }
            } catch (RuntimeException e) {
                LOG.debug("Run {} could not pause: {}", runId, e.getMessage());
            }
        }
    }

    /** Failures in a row for one reason, since the first of them (epoch ms). */
    private record FailureStreak(String reason, int count, long since) {
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
