package dev.girard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

import dev.girard.support.Api;
import dev.girard.support.PackagedGirard;
import dev.girard.support.PostgresServer;
import dev.girard.support.Recipients;
import dev.girard.support.Waiting;

/**
 * Several packaged servers on one PostgreSQL database and one SMTP server, as a business runs Girard on more
 * than one machine: they share a run, one of them killed with SIGKILL leaves nothing unsent, and a trigger
 * fires on one node only.
 */
class ClusterIT {
    private static final int WORKERS = 2;

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private Map<String, String> database;
    private Path config;

    private PackagedGirard girard;

    @BeforeEach
    void configure() throws IOException {
        girard = new PackagedGirard(dir, "-Xmx256m");
        database = PostgresServer.shared().newDatabase();
        // a short message: what is measured here is how the nodes share the work, not composing a card
        Path note = dir.resolve("templates/email/note");
        Files.createDirectories(note);
        Files.writeString(note.resolve("subject.ftl"), "Hello ${customer.firstName}");
        Files.writeString(note.resolve("text.ftl"), "Dear ${customer.fullName}, thank you for shopping with ${sender.name}.");
        Files.writeString(note.resolve("html.ftlh"), "<p>Dear ${customer.fullName}, thank you for shopping with ${sender.name}.</p>");
        config = dir.resolve("girard.properties");
        // the password comes from the environment, as the README advises
        Files.writeString(config, String.join("\n",
                "girard.db.url=" + database.get("girard.db.url"), "girard.db.user=" + database.get("girard.db.user"),
                "girard.templates.dir=" + dir.resolve("templates"),
                "girard.smtp.host=127.0.0.1", "girard.smtp.port=" + SMTP.getSmtp().getPort(), "girard.smtp.security=none",
                "girard.delivery.workers=" + WORKERS, "girard.smtp.connections=" + WORKERS,
                "girard.scheduler.misfire.threshold.ms=5000", ""));
    }

    @AfterEach
    void stop() throws InterruptedException {
        girard.close();
    }

    /** The variables of one node: the database password, the shared link key, its own data folder and id. */
    private Map<String, String> env(String node) {
        Map<String, String> env = new HashMap<>();
        env.put("GIRARD_DB_PASSWORD", database.get("girard.db.password"));
        // nodes sharing a database share the key that signs unsubscribe links (a test key, not a real one)
        env.put("GIRARD_UNSUBSCRIBE_SECRET", "unsubscribe-links-key-for-tests-0123456789");
        env.put("GIRARD_DATA_DIR", dir.resolve(node).toString());
        env.put("GIRARD_NODE_ID", node);
        return env;
    }

    private String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("-c", config.toString()));
        command.addAll(List.of(args));
        return girard.run(Duration.ofMinutes(5), env("cli"), command.toArray(String[]::new));
    }

    private void startNodes(String... names) throws IOException {
        for (String node : names) {
            int port = PackagedGirard.freePort();
            ports.put(node, port);
            Map<String, String> env = env(node);
            env.put("GIRARD_HTTP_PORT", String.valueOf(port));
            nodes.put(node, girard.start(dir.resolve(node + ".log"), env, "-c", config.toString(), "serve"));
        }
        for (String node : names) {
            PackagedGirard.awaitHealthy(ports.get(node), nodes.get(node), dir.resolve(node + ".log"), Duration.ofSeconds(120));
        }
    }

    private Api api(String node, String token) {
        return new Api("http://127.0.0.1:" + ports.get(node), token);
    }

    private String serverLog(String node) {
        try {
            return Files.readString(dir.resolve(node).resolve("logs/girard.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> liveNodes(String askedNode) {
        List<String> live = new ArrayList<>();
        api(askedNode, null).get("/health").json().get("nodes").forEach(n -> live.add(n.get("id").asText()));
        return live;
    }

    private void importCustomers(int count) throws Exception {
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email,locale\n");
        for (int i = 1; i <= count; i++) {
            csv.append("K").append(i).append(",Kim").append(i).append(",Lee,k").append(i).append("@example.org,en-GB\n");
        }
        Path file = dir.resolve("customers.csv");
        Files.writeString(file, csv);
        assertThat(run("import", "customers", file.toString())).contains(count + " created or changed");
    }

    private String token() throws Exception {
        return run("user", "add", "ops", "--role", "admin").lines().filter(l -> l.startsWith("gir_")).findFirst().orElseThrow();
    }

    /** Deliveries recorded as sent, by the node that sent them. */
    private Map<String, Integer> sentByNode() {
        Map<String, Integer> counts = new TreeMap<>();
        query("SELECT sent_by, COUNT(*) AS n FROM deliveries WHERE status = 'sent' GROUP BY sent_by",
                rs -> counts.put(rs.getString("sent_by"), rs.getInt("n")));
        return counts;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = DriverManager.getConnection(database.get("girard.db.url"), database.get("girard.db.user"),
                database.get("girard.db.password")); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void three_nodes_share_a_run_and_when_one_is_killed_the_others_finish_it_with_nobody_skipped() throws Exception {
        int customers = 30_000;
        importCustomers(customers);
        String token = token();
        startNodes("node-1", "node-2", "node-3");
        assertThat(liveNodes("node-1")).containsExactly("node-1", "node-2", "node-3");

        Api api = api("node-1", token);
        long campaignId = api.post("/api/campaigns", """
                {"name": "Note", "segment": "everyone-with-email", "template": "note", "cron": "0 0 9 1 * ?",
                 "timeZone": "UTC", "status": "draft"}""").json().get("id").asLong();
        long started = System.nanoTime();
        long runId = api("node-2", token).post("/api/campaigns/" + campaignId + "/run", "").json().get("id").asLong();

        // generous limits: on a machine shared with other builds this can take many times its usual two minutes
        Waiting.until("a third of the messages", Duration.ofMinutes(15), Duration.ofMillis(500),
                () -> SMTP.getReceivedMessages().length, n -> n >= customers / 3);
        Map<String, Integer> beforeKill = Waiting.until("every node to have sent a share", Duration.ofMinutes(2),
                Duration.ofSeconds(1), this::sentByNode, counts -> counts.size() == 3);
        nodes.get("node-3").destroyForcibly();
        assertThat(nodes.get("node-3").waitFor(30, TimeUnit.SECONDS)).isTrue();
        int receivedAtKill = SMTP.getReceivedMessages().length;
        Map<String, Integer> atKill = sentByNode();
        assertThat(receivedAtKill).as("killed mid-run").isLessThan(customers);

        JsonNode run = Waiting.until("the two others to finish the run", Duration.ofMinutes(15), Duration.ofSeconds(1),
                () -> api.get("/api/runs/" + runId).json(), r -> r.get("status").asText().equals("finished"));
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> liveAfter = liveNodes("node-1");

        Map<String, Integer> perCustomer = Recipients.count(SMTP.getReceivedMessages());
        int received = perCustomer.values().stream().mapToInt(Integer::intValue).sum();
        int duplicates = received - customers;
        Map<String, Integer> shares = sentByNode();
        System.out.printf("cluster: %d customers, 3 nodes x %d workers; node-3 killed after %d messages "
                + "(shares then %s); finished in %.1f s: %d received, %d distinct, %d duplicates; shares %s%n",
                customers, WORKERS, receivedAtKill, beforeKill, seconds, received, perCustomer.size(), duplicates, shares);

        assertThat(perCustomer).as("every customer got the message").hasSize(customers);
        assertThat(duplicates).as("duplicates are only the killed node's messages in flight").isBetween(0, WORKERS);
        assertThat(perCustomer.values()).allMatch(n -> n == 1 || n == 2);
        assertThat(run.get("sent").asInt()).isEqualTo(customers);
        assertThat(run.get("failed").asInt()).isZero();
        assertThat(run.get("remaining").asInt()).isZero();
        assertThat(shares).containsOnlyKeys("node-1", "node-2", "node-3").allSatisfy((node, n) -> assertThat(n).isPositive());
        assertThat(shares.get("node-3")).as("the killed node sent nothing after its death").isEqualTo(atKill.get("node-3"));
        assertThat(shares.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(customers);
        assertThat(liveAfter).containsExactly("node-1", "node-2");
    }

    @Test
    void a_trigger_due_while_two_nodes_run_fires_on_one_of_them_once() throws Exception {
        importCustomers(20);
        String token = token();
        startNodes("node-1", "node-2");
        Api api = api("node-1", token);
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        ZonedDateTime fireAt = ZonedDateTime.now(zone).plusSeconds(20);
        // a one-off cron (with a year) so "once" is observable
        String cron = fireAt.format(DateTimeFormatter.ofPattern("s m H d M '?' uuuu"));
        long campaignId = api.post("/api/campaigns", """
                {"name": "One-off", "segment": "everyone-with-email", "template": "note", "cron": "%s",
                 "timeZone": "Asia/Shanghai", "status": "active"}""".formatted(cron)).json().get("id").asLong();

        JsonNode runs = Waiting.until("the trigger to fire and its run to finish", Duration.ofMinutes(3), Duration.ofSeconds(1),
                () -> api.get("/api/runs?campaign=" + campaignId).json().get("runs"),
                list -> list.size() == 1 && list.get(0).get("status").asText().equals("finished"));
        Thread.sleep(5000);

        assertThat(api("node-2", token).get("/api/runs?campaign=" + campaignId).json().get("runs")).hasSize(1);
        assertThat(runs.get(0).get("trigger").asText()).isEqualTo("schedule");
        assertThat(runs.get(0).get("sent").asInt()).isEqualTo(20);
        assertThat(SMTP.getReceivedMessages()).hasSize(20);
        int[] fired = {0};
        query("SELECT COUNT(*) AS n FROM runs WHERE campaign_id = " + campaignId, rs -> fired[0] = rs.getInt("n"));
        assertThat(fired[0]).isEqualTo(1);
        assertThat(serverLog("node-1") + serverLog("node-2")).as("Quartz fired the trigger on one node only")
                .doesNotContain("this fire plans nothing");
    }
}
