package dev.girard.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Jdbi;

import dev.girard.db.Dialect;
import dev.girard.schedule.CampaignScheduler;

/**
 * The nodes sharing this database, as Quartz's clustered job store sees them: every node records a check-in
 * in {@code QRTZ_SCHEDULER_STATE} every check-in interval. A node counts as live while its last check-in is
 * no older than its interval plus Quartz's own grace of 7.5 s; after that Quartz hands its triggers to
 * another node, and {@link NodeWatch} hands its leased messages and unfinished planning to the survivors.
 * On SQLite there is one node, this one.
 */
public final class ClusterNodes {
    /** The grace Quartz adds to a node's check-in interval before it takes the node for dead. */
    static final long GRACE_MILLIS = 7_500;
    // Every node's last check-in, oldest first.
    private static final String CHECK_INS = """
            SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state
            WHERE sched_name = :scheduler ORDER BY instance_name
            """;

    private final Jdbi jdbi;
    private final boolean clustered;
    private final String self;
    private final Clock clock;

    public ClusterNodes(Jdbi jdbi, Dialect dialect, String self, Clock clock) {
        this.jdbi = jdbi;
        this.clustered = dialect.clusterCapable();
        this.self = self;
        this.clock = clock;
    }

    /** One node: its id, when it last checked in (null for a single node), and whether it is this one. */
    public record Node(String id, Instant lastCheckIn, boolean self) {
    }

    public boolean clustered() {
        return clustered;
    }

    public String self() {
        return self;
    }

    /** The live nodes, this one among them. */
    public List<Node> live() {
        if (!clustered) {
            return List.of(new Node(self, null, true));
        }
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createQuery(CHECK_INS).bind("scheduler", CampaignScheduler.SCHEDULER_NAME)
                .map((rs, ctx) -> {
                    long last = rs.getLong("last_checkin_time");
                    boolean live = last + rs.getLong("checkin_interval") + GRACE_MILLIS >= now;
                    String id = rs.getString("instance_name");
                    return live ? new Node(id, Instant.ofEpochMilli(last), id.equals(self)) : null;
                })
                .filter(node -> node != null).list());
    }

    /** The ids of the live nodes, this one always among them. */
    public Set<String> liveIds() {
        Set<String> ids = live().stream().map(Node::id).collect(Collectors.toCollection(java.util.TreeSet::new));
        ids.add(self);
        return ids;
    }
}
