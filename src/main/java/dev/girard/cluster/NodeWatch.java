package dev.girard.cluster;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.girard.delivery.CampaignRunner;
import dev.girard.delivery.DeliveryEngine;
import dev.girard.delivery.DeliveryStore;

/**
 * What a node does for the nodes that died: Quartz moves their triggers by itself; this gives their leased,
 * unsent messages back to the queue at once (rather than when the leases run out) and finishes the planning
 * of runs they were planning. A node that died mid-send may have sent the messages in its hands; everything
 * else goes out once, from the survivors.
 */
public final class NodeWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeWatch.class);

    private final ClusterNodes nodes;
    private final DeliveryStore deliveries;
    private final DeliveryEngine engine;
    private final CampaignRunner runner;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "girard-node-watch"));

    public NodeWatch(ClusterNodes nodes, DeliveryStore deliveries, DeliveryEngine engine, CampaignRunner runner) {
        this.nodes = nodes;
        this.deliveries = deliveries;
        this.engine = engine;
        this.runner = runner;
    }

    /**
     * At start, before this node's workers run: what this node's previous life and dead nodes left leased goes
     * back to the queue, and their unfinished planning resumes here.
     */
    public void recoverAtStart() {
        Set<String> others = new HashSet<>(nodes.liveIds());
        others.remove(nodes.self());
        int released = deliveries.releaseLeasesOfNodesOtherThan(others);
        if (released > 0) {
            LOG.info("{} deliveries leased by stopped or dead nodes go back to pending", released);
        }
        runner.resumeInterrupted(others);
    }

    /** Looks for dead nodes every {@code everyMillis} (on a cluster). */
    public void start(long everyMillis) {
        if (nodes.clustered()) {
            timer.scheduleWithFixedDelay(this::check, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        try {
            Set<String> live = nodes.liveIds();
            int released = deliveries.releaseLeasesOfNodesOtherThan(live);
            if (released > 0) {
                LOG.warn("{} deliveries leased by a node that stopped checking in go back to pending (live nodes: {})",
                        released, live);
                engine.wake();
            }
            runner.resumeOrphaned(live);
        } catch (RuntimeException e) {
            LOG.warn("Could not check the other nodes: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
