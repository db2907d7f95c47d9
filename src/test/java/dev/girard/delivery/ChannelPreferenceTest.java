package dev.girard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.channel.Channel.ConsentRule;
import dev.girard.channel.Outgoing;
import dev.girard.core.InvalidInputException;
import dev.girard.customer.Consent;
import dev.girard.customer.Customer;
import dev.girard.support.RecordingChannel;
import dev.girard.support.TestApps;
import dev.girard.support.Waiting;

/**
 * A campaign's channel preference: each customer on the first channel that reaches them, at that channel's cost.
 * "pager" is a recording channel that, like SMS, needs a grant.
 */
class ChannelPreferenceTest {
    @TempDir
    Path dir;

    private App app;
    private final RecordingChannel pager = new RecordingChannel("pager", ConsentRule.ONLY_IF_GRANTED, Customer::phone);

    @BeforeEach
    void open() {
        app = App.open(TestApps.config(dir, Map.of("girard.email.cost", "0.002")), Clock.systemUTC());
        app.channels.register(pager, 50_000);
    }

    @AfterEach
    void close() {
        app.close();
    }

    private long customer(String id, String email, String phone, String addressLine1, String postalCode) {
        return app.customerStore.create(new Customer(null, id, "Kim", id, email, phone, addressLine1, null, "Springfield",
                postalCode, null, "US", null, "en-US", null, Map.of(), null, null)).id();
    }

    private void consent(long customerId, String channel, boolean granted) {
        app.consents.record(new Consent(null, customerId, channel, granted, Instant.now(), "shop counter", null));
    }

    private long campaign(String channel) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Card by " + channel, "segment", "everyone-with-email",
                "template", "monthly-card", "cron", "0 0 9 1 * ?", "timeZone", "UTC", "channel", channel));
        return app.campaigns.create(body).id();
    }

    private record Row(String channel, String status, String reason, Long costMicros) {
    }

    private Map<Long, Row> rows(long runId) {
        return app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT customer_id, channel, status, last_error, cost_micros FROM deliveries WHERE run_id = :id")
                .bind("id", runId)
                .map((rs, ctx) -> Map.entry(rs.getLong("customer_id"), new Row(rs.getString("channel"),
                        rs.getString("status"), rs.getString("last_error"),
                        rs.getObject("cost_micros") == null ? null : rs.getLong("cost_micros"))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private Run runToTheEnd(long campaignId) {
        app.postcards.start();
        app.deliveryEngine.start(true);
        long runId = app.runner.runNow(campaignId).id();
        return Waiting.until("the run to finish", Duration.ofSeconds(30), () -> app.runs.get(runId),
                r -> r.status().equals("finished"));
    }

    @Test
    void each_customer_gets_the_first_channel_they_are_reachable_and_consenting_on_at_its_cost() throws Exception {
        long card = customer("card", "card@example.org", null, "1 Elm Street", "12345");
        long mail = customer("mail", "mail@example.org", null, null, null);
        long noCards = customer("no-cards", "no-cards@example.org", null, "2 Elm Street", "12345");
        consent(noCards, "postcard", false);
        long text = customer("text", "text@example.org", "+8613800138000", null, null);
        consent(text, "email", false);
        consent(text, "pager", true);
        long quiet = customer("quiet", "quiet@example.org", "+8613800138001", null, null);
        consent(quiet, "email", false);
        long bounced = customer("bounced", "bounced@example.org", null, null, null);
        app.suppressions.add("email", "Bounced@example.org", "550 mailbox unknown");

        Run run = runToTheEnd(campaign("postcard, email, pager"));

        Map<Long, Row> rows = rows(run.id());
        assertThat(rows.get(card)).isEqualTo(new Row("postcard", "sent", null, 800_000L));
        assertThat(rows.get(mail)).isEqualTo(new Row("email", "sent", null, 2_000L));
        assertThat(rows.get(noCards)).isEqualTo(new Row("email", "sent", null, 2_000L));
        assertThat(rows.get(text)).isEqualTo(new Row("pager", "sent", null, 50_000L));
        assertThat(rows.get(quiet)).isEqualTo(new Row("postcard", "skipped",
                "postcard: no postcard address; email: consent withdrawn; pager: no consent", null));
        assertThat(rows.get(bounced)).isEqualTo(new Row("postcard", "skipped",
                "postcard: no postcard address; email: 550 mailbox unknown; pager: no pager address", null));
        String cardAddress = app.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT address FROM deliveries WHERE customer_id = :id").bind("id", card).mapTo(String.class).one());
        assertThat(cardAddress).isEqualTo("1 Elm Street, Springfield, 12345, US");
        assertThat(pager.sent()).extracting(Outgoing::address).containsExactly("+8613800138000");
        try (Stream<Path> files = Files.list(app.config.outboxDir())) {
            assertThat(files.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(2);
        }
        assertThat(run.sent()).isEqualTo(4);
        assertThat(run.skipped()).isEqualTo(2);
        assertThat(app.campaigns.get(run.campaignId()).channel()).isEqualTo("postcard,email,pager");
    }

    @Test
    void a_channel_that_needs_a_grant_skips_customers_without_one_and_says_so() {
        long granted = customer("granted", "granted@example.org", "+8613800138002", null, null);
        consent(granted, "pager", true);
        long never = customer("never", "never@example.org", "+8613800138003", null, null);
        long withdrawn = customer("withdrawn", "withdrawn@example.org", "+8613800138004", null, null);
        consent(withdrawn, "pager", true);
        consent(withdrawn, "pager", false);

        Run run = runToTheEnd(campaign("pager"));

        Map<Long, Row> rows = rows(run.id());
        assertThat(rows.get(granted).status()).isEqualTo("sent");
        assertThat(rows.get(never)).isEqualTo(new Row("pager", "skipped", "no consent", null));
        assertThat(rows.get(withdrawn)).isEqualTo(new Row("pager", "skipped", "consent withdrawn", null));
        assertThat(pager.sent()).hasSize(1);
    }

    @Test
    void consent_withdrawn_between_planning_and_sending_stops_the_send() {
        long customer = customer("late", "late@example.org", "+8613800138005", null, null);
        consent(customer, "pager", true);
        long campaignId = campaign("pager, email");
        Run planned = app.runner.runScheduled(campaignId, Instant.parse("2026-12-01T09:00:00Z"), "schedule");
        assertThat(rows(planned.id()).get(customer).channel()).isEqualTo("pager");

        consent(customer, "pager", false);
        app.deliveryEngine.start(true);

        Run run = Waiting.until("the run to finish", Duration.ofSeconds(30), () -> app.runs.get(planned.id()),
                r -> r.status().equals("finished"));
        assertThat(rows(run.id()).get(customer)).isEqualTo(new Row("pager", "skipped", "consent withdrawn", null));
        assertThat(pager.sent()).isEmpty();
    }

    @Test
    void a_preference_naming_an_unknown_channel_or_one_twice_is_refused_with_the_available_ones() {
        assertThatThrownBy(() -> campaign("email, fax"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'fax', which is not a channel; available: " + String.join(", ", app.channels.ids()));
        assertThatThrownBy(() -> campaign("email, pager, email"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("names email twice");
        assertThat(app.campaigns.list()).isEmpty();
    }

    @Test
    void a_preference_may_be_given_as_a_list() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Card", "segment", "everyone-with-email",
                "template", "monthly-card", "cron", "0 0 9 1 * ?", "channel", List.of("pager", "email")));
        assertThat(app.campaigns.create(body).channels()).containsExactly("pager", "email");
    }
}
