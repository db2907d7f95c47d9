package dev.girard.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.campaign.Campaign;
import dev.girard.campaign.CampaignStatus;
import dev.girard.campaign.CampaignStore;
import dev.girard.channel.ChannelRegistry;
import dev.girard.core.ConflictException;
import dev.girard.customer.ConsentStore;
import dev.girard.segment.Member;
import dev.girard.segment.Segment;
import dev.girard.segment.SegmentContext;
import dev.girard.segment.SegmentRegistry;

/**
 * Plans runs: streams a campaign's segment into the outbox in batched transactions, one row per customer
 * and occurrence key on the channel chosen for the customer, then hands over to the delivery workers.
 * Planning again (after a crash, or a second firing in the same period) creates nothing that exists already.
 */
public final class CampaignRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);
    // Planned batches that may wait for the writer while the reader goes on.
    private static final int BATCHES_AHEAD = 2;

    private final CampaignStore campaigns;
    private final SegmentRegistry segments;
    private final RunStore runs;
    private final DeliveryStore deliveries;
    private final DeliveryEngine engine;
    private final ChannelChooser chooser;
    private final ZoneId defaultZone;
    private final Clock clock;
    private final int batchSize;
    private final String nodeId;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "girard-planner"));

    public CampaignRunner(CampaignStore campaigns, SegmentRegistry segments, RunStore runs, DeliveryStore deliveries,
            DeliveryEngine engine, ChannelRegistry channels, ConsentStore consents, SuppressionStore suppressions,
            ZoneId defaultZone, Clock clock, int batchSize, String nodeId) {
        this.campaigns = campaigns;
        this.segments = segments;
        this.runs = runs;
        this.deliveries = deliveries;
        this.engine = engine;
        this.chooser = new ChannelChooser(channels, consents, suppressions);
        this.defaultZone = defaultZone;
        this.clock = clock;
        this.batchSize = batchSize;
        this.nodeId = nodeId;
    }

    /**
     * Runs a campaign for a fire time and waits until it is planned (used by the scheduler's job). A campaign
     * runs once per occurrence on schedule: if its run for this occurrence exists (another node fired the
     * same trigger, or an earlier fire of the period), that run is returned and nothing new is planned.
     */
    public Run runScheduled(long campaignId, Instant fireTime, String trigger) {
        Campaign campaign = campaigns.get(campaignId);
        String key = runKey(campaign, fireTime);
        Optional<Long> runId = runs.create(campaign.id(), key, trigger, fireTime, nodeId);
        if (runId.isEmpty()) {
            long existing = runs.findScheduled(campaign.id(), key).orElseThrow();
            LOG.info("Campaign '{}' has run {} for {} already: this fire plans nothing", campaign.name(), existing, key);
            return runs.get(existing);
        }
        plan(runId.get(), campaign, fireTime);
        return runs.get(runId.get());
    }

    /** Starts a run now, by hand; planning continues in the background. */
    /** Where a customer would be contacted under a channel preference, or why nowhere (reachable false). */
    public record Reach(String channel, boolean reachable, String reason) {
    }

    /** Where each of these customers would be contacted now under the preference, as a run would decide it. */
    public Map<Long, Reach> reach(List<String> preference, List<dev.girard.customer.Customer> customers) {
        Map<Long, Reach> reach = new java.util.HashMap<>();
        chooser.choose(preference, customers).forEach((id, choice) ->
                reach.put(id, new Reach(choice.channel(), choice.reachable(), choice.reason())));
        return reach;
    }

    public Run runNow(long campaignId) {
        Campaign campaign = campaigns.get(campaignId);
        if (campaign.status() == CampaignStatus.ARCHIVED) {
            throw new ConflictException("Campaign " + campaignId + " is archived and cannot run");
        }
        Instant now = clock.instant();
        long runId = runs.create(campaign.id(), runKey(campaign, now), "manual", now, nodeId).orElseThrow();
        background.execute(() -> plan(runId, campaign, now));
        return runs.get(runId);
    }

    /**
     * At start: plans again, in the background, the runs a stop or crash interrupted while planning (nothing is
     * planned twice), except those that another running node is planning.
     */
    public void resumeInterrupted(Set<String> otherLiveNodes) {
        resumeOrphaned(otherLiveNodes);
        runs.withStatus(Run.SENDING).forEach(runs::finishIfDone);
    }

    /** Takes over the planning of runs whose planner is not among the live nodes (it died), in the background. */
    public void resumeOrphaned(Set<String> liveNodes) {
        runs.planners().forEach((runId, planner) -> {
            if (!liveNodes.contains(planner) && runs.takeOverPlanning(runId, planner, nodeId)) {
                Run run = runs.get(runId);
                Campaign campaign = campaigns.get(run.campaignId());
                LOG.info("Resuming the planning of run {} ({}, {}){}", runId, campaign.name(), run.occurrenceKey(),
                        planner.isEmpty() || planner.equals(nodeId) ? "" : " from node " + planner);
                background.execute(() -> plan(runId, campaign, run.fireTime()));
            }
        });
    }

    private String runKey(Campaign campaign, Instant at) {
        return segments.get(campaign.segment()).runKey(context(campaign, at));
    }

    private SegmentContext context(Campaign campaign, Instant at) {
        return new SegmentContext(at, ZoneId.of(campaign.timeZone()), defaultZone, campaign.segmentParams());
    }

    private void plan(long runId, Campaign campaign, Instant fireTime) {
        try {
            int audience = writePlanned(runId, campaign, fireTime);
            runs.planned(runId, audience);
            runs.finishIfDone(runId);
            engine.wake();
            Run run = runs.get(runId);
            LOG.info("Run {} of campaign '{}' ({}): {} in the segment, {} planned, {} contacted already, {} reached by "
                    + "no channel", runId, campaign.name(), run.occurrenceKey(), run.audience(), run.planned(),
                    run.alreadyContacted(), run.skipped() + run.suppressed());
        } catch (RuntimeException e) {
            LOG.error("Run {} of campaign '{}' could not be planned", runId, campaign.name(), e);
            runs.failed(runId, e.getMessage());
        }
    }

    /**
     * Reading and writing side by side: a reader thread streams the segment and chooses each member's channel,
     * a batch at a time, while this thread writes the batch before; at most {@link #BATCHES_AHEAD} batches
     * wait between them, so memory stays bounded whatever the audience. Each batch is committed on its own,
     * so the workers send the first rows while the rest is planned.
     *
     * @return the audience: every member of the segment
     */
    private int writePlanned(long runId, Campaign campaign, Instant fireTime) {
        BlockingQueue<Handoff> handoffs = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        AtomicBoolean abandoned = new AtomicBoolean();
        Segment segment = segments.get(campaign.segment());
        Thread reader = new Thread(() -> {
            Handoff last;
            try {
                List<Member> batch = new ArrayList<>(batchSize);
                int[] audience = {0};
                segment.forEachMember(context(campaign, fireTime), member -> {
                    batch.add(member);
                    audience[0]++;
                    if (batch.size() == batchSize) {
                        hand(handoffs, abandoned, new Handoff(planBatch(campaign, batch), -1, null));
                        batch.clear();
                    }
                });
                hand(handoffs, abandoned, new Handoff(planBatch(campaign, batch), -1, null));
                last = new Handoff(List.of(), audience[0], null);
            } catch (Abandoned e) {
                return;
            } catch (RuntimeException e) {
                last = new Handoff(List.of(), -1, e);
            }
            try {
                hand(handoffs, abandoned, last);
            } catch (Abandoned e) {
                // the writer gave up first and reports its own error
            }
        }, "girard-planner-reader-" + runId);
        reader.setDaemon(true);
        reader.start();
        try {
            while (true) {
                Handoff next;
                try {
                    next = handoffs.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("planning was interrupted", e);
                }
                if (next.error() != null) {
                    throw next.error();
                }
                if (next.audience() >= 0) {
                    return next.audience();
                }
                if (!next.planned().isEmpty()) {
                    deliveries.insert(runId, campaign.id(), next.planned());
                    engine.wake();
                }
            }
        } finally {
            abandoned.set(true);
        }
    }

    /** A planned batch, or the end of the segment (the audience), or the reader's failure. */
    private record Handoff(List<DeliveryStore.Planned> planned, int audience, RuntimeException error) {
    }

    /** The writer stopped (it failed): the reader stops too. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private static void hand(BlockingQueue<Handoff> handoffs, AtomicBoolean abandoned, Handoff handoff) {
        try {
            while (!handoffs.offer(handoff, 100, TimeUnit.MILLISECONDS)) {
                if (abandoned.get()) {
                    throw new Abandoned();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /**
     * Each member on the first channel of the campaign's preference that reaches them; held out if the
     * holdout group takes them; recorded as skipped or suppressed, with the reason, if no channel reaches them.
     */
    private List<DeliveryStore.Planned> planBatch(Campaign campaign, List<Member> members) {
        if (members.isEmpty()) {
            return List.of();
        }
        Map<Long, ChannelChooser.Choice> choices = chooser.choose(campaign.channels(),
                members.stream().map(Member::customer).toList());
        List<DeliveryStore.Planned> planned = new ArrayList<>(members.size());
        for (Member member : members) {
            long customerId = member.customer().id();
            ChannelChooser.Choice choice = choices.get(customerId);
            if (!choice.reachable()) {
                planned.add(new DeliveryStore.Planned(customerId, member.occurrenceKey(), choice.channel(),
                        choice.status(), choice.address(), choice.reason()));
            } else if (Holdout.isHeldOut(campaign.id(), customerId, campaign.holdoutPercent())) {
                planned.add(new DeliveryStore.Planned(customerId, member.occurrenceKey(), choice.channel(), "held_out",
                        null, null));
            } else {
                planned.add(DeliveryStore.Planned.pending(customerId, member.occurrenceKey(), choice.channel()));
            }
        }
        return planned;
    }

    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
