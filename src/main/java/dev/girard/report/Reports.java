package dev.girard.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jdbi.v3.core.Jdbi;

import dev.girard.campaign.Campaign;

/**
 * Reports over the outbox and the purchases: per campaign, contacts, cost and what customers bought in the
 * window after contact against the holdout group; sends per day and channel; failures that need attention.
 * A held-out customer's "contact" is the moment the delivery was recorded for them, the moment they would
 * have been contacted.
 */
public final class Reports {
    /** Purchases this long after a contact count for it. */
    public static final Duration WINDOW = Duration.ofDays(30);
    private static final long DAY_MILLIS = 86_400_000L;

    // Each sent or held-out contact of a campaign, with the purchases of its customer in the window after it.
    private static final String CONTACT_OUTCOMES = """
            SELECT d.status, COUNT(p.id) AS purchases, COALESCE(SUM(p.amount_cents), 0) AS revenue
            FROM deliveries d
            LEFT JOIN purchases p ON p.customer_id = d.customer_id
                AND p.purchased_at > COALESCE(d.sent_at, d.created_at)
                AND p.purchased_at <= COALESCE(d.sent_at, d.created_at) + :window
            WHERE d.campaign_id = :campaign AND d.status IN ('sent', 'held_out')
            GROUP BY d.id, d.status
            """;
    // Contacts by outcome and the cost of the campaign's deliveries.
    private static final String COUNTS = """
            SELECT status, COUNT(*) AS n, COALESCE(SUM(cost_micros), 0) AS cost
            FROM deliveries WHERE campaign_id = :campaign GROUP BY status
            """;
    // The currencies of the purchases that followed the campaign's contacts.
    private static final String CURRENCIES = """
            SELECT DISTINCT p.currency FROM deliveries d JOIN purchases p ON p.customer_id = d.customer_id
                AND p.purchased_at > COALESCE(d.sent_at, d.created_at)
                AND p.purchased_at <= COALESCE(d.sent_at, d.created_at) + :window
            WHERE d.campaign_id = :campaign AND d.status IN ('sent', 'held_out')
            """;
    // Sent messages per UTC day and channel since a moment (integer division buckets days on both databases).
    private static final String SENDS_PER_DAY = """
            SELECT sent_at / 86400000 AS day, channel, COUNT(*) AS n FROM deliveries
            WHERE status = 'sent' AND sent_at >= :since GROUP BY sent_at / 86400000, channel
            """;
    // Failed deliveries since a moment, grouped by campaign and reason.
    private static final String FAILURES = """
            SELECT d.campaign_id, d.last_error, COUNT(*) AS n, MAX(d.updated_at) AS latest FROM deliveries d
            WHERE d.status = 'failed' AND d.updated_at >= :since
            GROUP BY d.campaign_id, d.last_error ORDER BY n DESC LIMIT :limit
            """;
    // A run's problems grouped by status and reason.
    private static final String RUN_ERRORS = """
            SELECT status, COALESCE(last_error, '') AS reason, COUNT(*) AS n FROM deliveries
            WHERE run_id = :run AND status IN ('failed', 'retry', 'suppressed', 'capped', 'skipped')
            GROUP BY status, COALESCE(last_error, '') ORDER BY n DESC LIMIT 50
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public Reports(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public CampaignReport campaign(Campaign campaign) {
        return jdbi.withHandle(h -> {
            GroupOutcome[] groups = {GroupOutcome.EMPTY, GroupOutcome.EMPTY};
            h.createQuery(CONTACT_OUTCOMES).bind("campaign", campaign.id()).bind("window", WINDOW.toMillis())
                    .setFetchSize(1000)
                    .map((rs, ctx) -> {
                        int group = rs.getString("status").equals("sent") ? 0 : 1;
                        groups[group] = groups[group].plus(rs.getLong("purchases"), rs.getLong("revenue"));
                        return group;
                    })
                    .forEach(g -> { });
            Map<String, long[]> counts = new TreeMap<>();
            h.createQuery(COUNTS).bind("campaign", campaign.id())
                    .map((rs, ctx) -> Map.entry(rs.getString("status"), new long[] {rs.getLong("n"), rs.getLong("cost")}))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            List<String> currencies = h.createQuery(CURRENCIES).bind("campaign", campaign.id())
                    .bind("window", WINDOW.toMillis()).mapTo(String.class).list();
            long cost = counts.values().stream().mapToLong(c -> c[1]).sum();
            return new CampaignReport(campaign.id(), campaign.name(), campaign.segment(), campaign.channel(), WINDOW,
                    counts.getOrDefault("sent", new long[2])[0], counts.getOrDefault("failed", new long[2])[0],
                    counts.getOrDefault("held_out", new long[2])[0], cost, new ArrayList<>(new TreeSet<>(currencies)),
                    HoldoutComparison.of(groups[0], groups[1]));
        });
    }

    /** Sends per UTC day and channel for the last {@code days} days (today included), zero days filled in. */
    public SendsPerDay sendsPerDay(int days) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        long since = first.toEpochDay() * DAY_MILLIS;
        Map<String, long[]> byChannel = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery(SENDS_PER_DAY).bind("since", since)
                .map((rs, ctx) -> {
                    long[] series = byChannel.computeIfAbsent(rs.getString("channel"), c -> new long[days]);
                    int index = (int) (rs.getLong("day") - first.toEpochDay());
                    if (index >= 0 && index < days) {
                        series[index] += rs.getLong("n");
                    }
                    return index;
                }).forEach(i -> { }));
        List<LocalDate> dates = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            dates.add(first.plusDays(i));
        }
        Map<String, List<Long>> series = new LinkedHashMap<>();
        byChannel.forEach((channel, values) -> series.put(channel, java.util.Arrays.stream(values).boxed().toList()));
        return new SendsPerDay(dates, series);
    }

    /** Sent messages per day for a chart: the days and, per channel, one count per day. */
    public record SendsPerDay(List<LocalDate> days, Map<String, List<Long>> channels) {
    }

    /** Failed deliveries of one campaign for one reason. */
    public record Failure(long campaignId, String reason, long count, Instant latest) {
    }

    /** Failures of the last {@code days} days, the most frequent first. */
    public List<Failure> recentFailures(int days, int limit) {
        return jdbi.withHandle(h -> h.createQuery(FAILURES)
                .bind("since", clock.millis() - days * DAY_MILLIS).bind("limit", limit)
                .map((rs, ctx) -> new Failure(rs.getLong("campaign_id"), rs.getString("last_error"), rs.getLong("n"),
                        Instant.ofEpochMilli(rs.getLong("latest"))))
                .list());
    }

    /** A run's deliveries that did not go out, grouped by what happened and why. */
    public record Problem(String status, String reason, long count) {
    }

    public List<Problem> runProblems(long runId) {
        return jdbi.withHandle(h -> h.createQuery(RUN_ERRORS).bind("run", runId)
                .map((rs, ctx) -> new Problem(rs.getString("status"), rs.getString("reason"), rs.getLong("n"))).list());
    }

    /** One contact of a customer: which campaign, channel, when, what it cost and what became of it. */
    public record Contact(long deliveryId, long campaignId, String campaignName, String channel, String occurrenceKey,
            String status, Instant at, Long costMicros, String error) {
    }

    /** Every delivery to a customer, newest first. */
    public List<Contact> contactHistory(long customerId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT d.id, d.campaign_id, c.name, d.channel, d.occurrence_key, d.status,
                    COALESCE(d.sent_at, d.updated_at) AS at, d.cost_micros, d.last_error
                FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
                WHERE d.customer_id = :customer ORDER BY d.id DESC LIMIT :limit""")
                .bind("customer", customerId).bind("limit", limit)
                .map((rs, ctx) -> {
                    long cost = rs.getLong("cost_micros");
                    Long costMicros = rs.wasNull() ? null : cost;
                    return new Contact(rs.getLong("id"), rs.getLong("campaign_id"), rs.getString("name"),
                            rs.getString("channel"), rs.getString("occurrence_key"), rs.getString("status"),
                            Instant.ofEpochMilli(rs.getLong("at")), costMicros, rs.getString("last_error"));
                }).list());
    }

    /** The stored retention measures of a customer (recency, frequency, monetary, rhythm), if computed. */
    public Map<String, Object> customerStats(long customerId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT recency_days, purchase_count, frequency_12m, monetary_12m_cents, lifetime_cents,
                    median_gap_days, value_percentile, r_score, f_score, m_score, discount_share
                FROM customer_stats WHERE customer_id = :customer""")
                .bind("customer", customerId).mapToMap().findOne().orElse(Map.of()));
    }
}
