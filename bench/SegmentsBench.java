import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.girard.App;
import dev.girard.campaign.Campaign;
import dev.girard.config.Config;
import dev.girard.delivery.Run;
import dev.girard.segment.Segment;
import dev.girard.segment.SegmentContext;
import dev.girard.segment.SegmentPreview;

/**
 * Segment benchmark (run by bench/segments): N customers and about 5 N purchases written straight into a
 * fresh SQLite database with batched JDBC inserts, customer stats computed with one SQL statement, then,
 * through Girard's own classes: count (the preview: COUNT plus a sample of 20) and first page (the first 500
 * members streamed) of three segments, and planning throughput (segment rows written to the outbox by the
 * real planner, CampaignRunner).
 */
public final class SegmentsBench {
    private static final Instant NOW = Instant.parse("2026-11-24T02:00:00Z");
    private static final long DAY = 86_400_000L;
    private static final int BATCH = 10_000;
    private static final int FIRST_PAGE = 500;
    private static final int ROUNDS = 3;
    private static final String[] CATEGORIES = {"tea", "teapots", "cups", "snacks", "gifts", "coffee", "books", "flowers"};

    public static void main(String[] args) throws Exception {
        // the figures only: Girard's own log lines would interleave with them
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("girard-segments-bench");
        boolean keep = "1".equals(System.getenv("KEEP"));
        try {
            run(n, dir);
        } finally {
            if (keep) {
                System.out.println("data kept in " + dir);
            } else {
                try (var files = Files.walk(dir)) {
                    files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(int n, Path dir) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("girard.data.dir", dir.toString());
        settings.put("girard.templates.dir", "");
        settings.put("girard.timezone", "UTC");
        Config config = Config.of(settings);
        // open once to create the schema, then write the data with plain JDBC while nothing else is connected
        App.open(config, Clock.fixed(NOW, ZoneOffset.UTC)).close();
        String url = config.dbUrl();
        long purchases;
        long t0 = System.nanoTime();
        try (Connection db = DriverManager.getConnection(url)) {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
            }
            db.setAutoCommit(false);
            insertCustomers(db, n);
            long t1 = System.nanoTime();
            System.out.printf("setup: %,d customers inserted in %,d ms%n", n, (t1 - t0) / 1_000_000);
            purchases = insertPurchases(db, n);
            long t2 = System.nanoTime();
            System.out.printf("setup: %,d purchases inserted in %,d ms%n", purchases, (t2 - t1) / 1_000_000);
            computeStats(db);
            db.commit();
            System.out.printf("setup: customer stats computed with SQL in %,d ms%n", (System.nanoTime() - t2) / 1_000_000);
        }
        System.out.printf("database: %,d MB%n", Files.size(dir.resolve("girard.db")) / 1_000_000);

        try (App app = App.open(config, Clock.fixed(NOW, ZoneOffset.UTC))) {
            System.out.printf("%nsegments at %s, %,d customers, %,d purchases (median of %d rounds; cpu = this thread's"
                    + " CPU time, SQLite's included)%n", NOW, n, purchases, ROUNDS);
            System.out.printf("load average before measuring: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
            measure(app, "birthday-today", Map.of());
            measure(app, "top-spenders", Map.of("percent", 20));
            measure(app, "lapsed", Map.of("factor", 2, "floorDays", 30));
            System.out.println();
            // the delivery workers would claim the planned rows and try to send them meanwhile: stop them, so
            // the process's CPU time below is planning's alone (the planner reads and writes on two threads)
            app.deliveryEngine.close();
            plan(app, "everyone-with-email", Map.of());
            plan(app, "top-spenders", Map.of("percent", 20));
        }
    }

    private static void insertCustomers(Connection db, int n) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO customers (external_id, first_name, last_name, email, country, birthday, birth_md, locale,
                    time_zone, attributes, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?)""")) {
            LocalDate first = LocalDate.of(1950, 1, 1);
            for (int i = 1; i <= n; i++) {
                boolean chinese = random.nextInt(10) < 6;
                LocalDate birthday = first.plusDays(random.nextInt(20_000));
                insert.setString(1, "C" + i);
                insert.setString(2, chinese ? "芳" : "Anna");
                insert.setString(3, chinese ? "王" : "Smith");
                insert.setString(4, "c" + i + "@example.org");
                insert.setString(5, chinese ? "CN" : "GB");
                insert.setString(6, birthday.toString());
                insert.setString(7, birthday.toString().substring(5));
                insert.setString(8, chinese ? "zh-CN" : "en-GB");
                insert.setString(9, chinese ? "Asia/Shanghai" : "Europe/London");
                insert.setLong(10, NOW.toEpochMilli());
                insert.setLong(11, NOW.toEpochMilli());
                insert.addBatch();
                if (i % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** 0 to 10 purchases a customer (5 on average), each customer with a rhythm of 5 to 90 days. */
    private static long insertPurchases(Connection db, int n) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        long count = 0;
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO purchases (external_id, customer_id, amount_cents, currency, item, category, discounted,
                    purchased_at, created_at)
                VALUES (?, ?, ?, 'CNY', NULL, ?, ?, ?, ?)""")) {
            for (int customer = 1; customer <= n; customer++) {
                int k = random.nextInt(11);
                double gapDays = 5 + random.nextInt(86);
                long at = NOW.toEpochMilli() - random.nextLong(400 * DAY);
                for (int j = 0; j < k; j++) {
                    insert.setString(1, "P" + (++count));
                    insert.setLong(2, customer);
                    insert.setLong(3, 500 + random.nextInt(50_000));
                    insert.setString(4, CATEGORIES[random.nextInt(CATEGORIES.length)]);
                    insert.setBoolean(5, random.nextInt(4) == 0);
                    insert.setLong(6, at);
                    insert.setLong(7, at);
                    insert.addBatch();
                    if (count % BATCH == 0) {
                        insert.executeBatch();
                    }
                    at -= (long) (gapDays * DAY * (0.5 + random.nextDouble()));
                }
            }
            insert.executeBatch();
        }
        return count;
    }

    /** The retention measures the segments read (mean gap standing in for the median). */
    private static void computeStats(Connection db) throws Exception {
        try (PreparedStatement stats = db.prepareStatement("""
                INSERT INTO customer_stats (customer_id, first_purchase_at, last_purchase_at, recency_days, purchase_count,
                    frequency_12m, monetary_12m_cents, lifetime_cents, median_gap_days, computed_at)
                SELECT customer_id, MIN(purchased_at), MAX(purchased_at), (? - MAX(purchased_at)) / 86400000, COUNT(*),
                    SUM(CASE WHEN purchased_at >= ? THEN 1 ELSE 0 END),
                    SUM(CASE WHEN purchased_at >= ? THEN amount_cents ELSE 0 END), SUM(amount_cents),
                    CASE WHEN COUNT(*) > 1 THEN (MAX(purchased_at) - MIN(purchased_at)) / 86400000.0 / (COUNT(*) - 1) END, ?
                FROM purchases GROUP BY customer_id""")) {
            long yearAgo = NOW.toEpochMilli() - 365 * DAY;
            stats.setLong(1, NOW.toEpochMilli());
            stats.setLong(2, yearAgo);
            stats.setLong(3, yearAgo);
            stats.setLong(4, NOW.toEpochMilli());
            stats.executeUpdate();
        }
    }

    /** Stops a member stream once the first page has arrived. */
    private static final class FirstPage extends RuntimeException {
        FirstPage() {
            super(null, null, false, false);
        }
    }

    /** CPU time of this thread (SQLite's native work included): the cost, whatever else the machine runs. */
    private static long cpuMs() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }

    /** CPU time of the whole process: planning reads on one thread and writes on another (GC and JIT included). */
    private static long processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static void measure(App app, String id, Map<String, Object> params) {
        List<Long> countMs = new ArrayList<>();
        List<Long> countCpu = new ArrayList<>();
        List<Long> pageMs = new ArrayList<>();
        List<Long> pageCpu = new ArrayList<>();
        long count = 0;
        Segment segment = app.segments.get(id);
        SegmentContext context = new SegmentContext(NOW, ZoneOffset.UTC, ZoneOffset.UTC, params);
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            long c0 = cpuMs();
            SegmentPreview preview = app.segments.preview(id, params, NOW, ZoneOffset.UTC, ZoneOffset.UTC);
            countMs.add((System.nanoTime() - t0) / 1_000_000);
            countCpu.add(cpuMs() - c0);
            count = preview.count();
            long t1 = System.nanoTime();
            long c1 = cpuMs();
            int[] seen = {0};
            try {
                segment.forEachMember(context, m -> {
                    if (++seen[0] == FIRST_PAGE) {
                        throw new FirstPage();
                    }
                });
            } catch (FirstPage done) {
                // the first page is in
            }
            pageMs.add((System.nanoTime() - t1) / 1_000_000);
            pageCpu.add(cpuMs() - c1);
        }
        System.out.printf("  %-16s %,10d members   count %,6d ms (cpu %,6d ms)   first page of %d %,6d ms (cpu %,6d ms)   %s%n",
                id, count, median(countMs), median(countCpu), FIRST_PAGE, median(pageMs), median(pageCpu), params);
    }

    private static void plan(App app, String segment, Map<String, Object> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Bench " + segment);
        body.put("segment", segment);
        body.put("segmentParams", params);
        body.put("template", "monthly-card");
        body.put("cron", "0 0 9 1 * ?");
        body.put("timeZone", "UTC");
        body.put("status", "draft");
        Campaign campaign = app.campaigns.create(body);
        long t0 = System.nanoTime();
        long c0 = processCpuMs();
        Run run = app.runner.runScheduled(campaign.id(), NOW, "bench");
        long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        long cpu = Math.max(1, processCpuMs() - c0);
        System.out.printf("planning %-20s %,10d rows to the outbox in %,6d ms = %,9d rows/s   (process cpu %,6d ms = %,9d rows per cpu-second)%n",
                segment, run.planned(), ms, run.planned() * 1000L / ms, cpu, run.planned() * 1000L / cpu);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
