package dev.girard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.girard.App;
import dev.girard.campaign.Campaign;
import dev.girard.customer.Customer;
import dev.girard.support.TestApps;

/** Purchases after contact against the holdout, counted from real rows in a SQLite file. */
class ReportsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant CONTACT = Instant.parse("2026-10-01T09:00:00Z");

    @TempDir
    Path dir;

    private App app;
    private Campaign campaign;
    private long runId;
    private int customers;

    @BeforeEach
    void open() {
        app = App.open(TestApps.config(dir, Map.of()), Clock.fixed(NOW, ZoneOffset.UTC));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "October card");
        body.put("segment", "everyone-with-email");
        body.put("template", "monthly-card");
        body.put("cron", "0 0 9 1 * ?");
        body.put("holdoutPercent", 50);
        campaign = app.campaigns.create(body);
        runId = app.runs.create(campaign.id(), "2026-10", "manual", CONTACT, app.nodeId).orElseThrow();
    }

    @AfterEach
    void close() {
        app.close();
    }

    private long customer() {
        customers++;
        String id = "R" + customers;
        return app.customerStore.create(new Customer(null, id, "Name" + customers, "Test", id.toLowerCase() + "@example.com",
                null, null, null, null, null, null, null, null, "en-GB", null, Map.of(), null, null)).id();
    }

    private void delivery(long customerId, String status, Instant at, Long costMicros) {
        app.database.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO deliveries (run_id, campaign_id, customer_id, occurrence_key, channel, status, attempts,
                    created_at, updated_at, sent_at, cost_micros)
                VALUES (:run, :campaign, :customer, '2026-10', 'email', :status, 1, :at, :at, :sent, :cost)""")
                .bind("run", runId).bind("campaign", campaign.id()).bind("customer", customerId).bind("status", status)
                .bind("at", at.toEpochMilli()).bind("sent", status.equals("sent") ? at.toEpochMilli() : null)
                .bind("cost", costMicros).execute());
    }

    private void purchase(long customerId, String amount, Instant at) {
        Customer c = app.customerStore.get(customerId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("externalId", c.externalId() + "-" + at.toEpochMilli());
        body.put("customerExternalId", c.externalId());
        body.put("amount", amount);
        body.put("currency", "CNY");
        body.put("purchasedAt", at.toString());
        app.purchases.record(body);
    }

    @Test
    void compares_purchases_in_the_thirty_days_after_contact_with_the_holdout() {
        for (int i = 0; i < 10; i++) {
            long id = customer();
            delivery(id, "sent", CONTACT, 50_000L);
            if (i < 4) {
                purchase(id, "100.00", CONTACT.plus(Duration.ofDays(3 + i)));
            }
            if (i == 0) {
                purchase(id, "100.00", CONTACT.plus(Duration.ofDays(20)));
            }
            if (i == 5) {
                purchase(id, "999.00", CONTACT.plus(Duration.ofDays(31)));  // after the window
            }
            if (i == 6) {
                purchase(id, "999.00", CONTACT.minus(Duration.ofDays(2)));  // before the contact
            }
        }
        for (int i = 0; i < 10; i++) {
            long id = customer();
            delivery(id, "held_out", CONTACT, null);
            if (i == 0) {
                purchase(id, "50.00", CONTACT.plus(Duration.ofDays(10)));
            }
        }
        long failed = customer();
        delivery(failed, "failed", CONTACT, null);

        CampaignReport report = app.reports.campaign(campaign);

        assertThat(report.sent()).isEqualTo(10);
        assertThat(report.heldOut()).isEqualTo(10);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.costMicros()).isEqualTo(500_000);
        assertThat(report.costPerContactMicros()).isEqualTo(50_000);
        assertThat(report.currencies()).containsExactly("CNY");
        HoldoutComparison h = report.comparison();
        assertThat(h.contacted()).extracting(GroupOutcome::contacts, GroupOutcome::converted, GroupOutcome::purchases,
                GroupOutcome::revenueCents).containsExactly(10L, 4L, 5L, 50_000L);
        assertThat(h.heldOut()).extracting(GroupOutcome::contacts, GroupOutcome::converted, GroupOutcome::purchases,
                GroupOutcome::revenueCents).containsExactly(10L, 1L, 1L, 5_000L);
        assertThat(h.contacted().conversionRate()).isEqualTo(0.4);
        assertThat(h.contacted().revenuePerContactCents()).isEqualTo(5_000);
        // difference 0.3 with standard error sqrt(0.4*0.6/10 + 0.1*0.9/10) = 0.18166
        assertThat(h.conversionDifference().estimate()).isCloseTo(0.3, within(1e-9));
        assertThat(h.conversionDifference().low()).isCloseTo(0.3 - 1.959964 * 0.181659, within(1e-5));
        assertThat(h.conversionDifference().high()).isCloseTo(0.3 + 1.959964 * 0.181659, within(1e-5));
        assertThat(h.conversionDifference().excludesZero()).as("ten customers a side cannot tell").isFalse();
        assertThat(h.lift().estimate()).isCloseTo(3.0, within(1e-9));
        assertThat(h.lift().low()).isCloseTo(h.conversionDifference().low() / 0.1, within(1e-9));
        assertThat(h.revenuePerCustomerDifferenceCents().estimate()).isCloseTo(4_500, within(1e-9));
    }

    @Test
    void without_a_holdout_the_comparison_says_it_cannot_tell() {
        long id = customer();
        delivery(id, "sent", CONTACT, null);
        purchase(id, "10.00", CONTACT.plus(Duration.ofDays(1)));

        HoldoutComparison h = app.reports.campaign(campaign).comparison();

        assertThat(h.contacted().conversionRate()).isEqualTo(1.0);
        assertThat(h.conversionDifference().defined()).isFalse();
        assertThat(h.lift().defined()).isFalse();
        assertThat(h.revenuePerCustomerDifferenceCents().defined()).isFalse();
    }

    @Test
    void a_large_clear_difference_has_an_interval_above_zero() {
        GroupOutcome contacted = GroupOutcome.EMPTY;
        GroupOutcome heldOut = GroupOutcome.EMPTY;
        for (int i = 0; i < 2000; i++) {
            contacted = contacted.plus(i % 5 == 0 ? 1 : 0, i % 5 == 0 ? 10_000 : 0);
            heldOut = heldOut.plus(i % 10 == 0 ? 1 : 0, i % 10 == 0 ? 10_000 : 0);
        }
        HoldoutComparison h = HoldoutComparison.of(contacted, heldOut);
        assertThat(h.conversionDifference().estimate()).isCloseTo(0.1, within(1e-9));
        assertThat(h.conversionDifference().excludesZero()).isTrue();
        assertThat(h.lift().estimate()).isCloseTo(1.0, within(1e-9));
        assertThat(h.revenuePerCustomerDifferenceCents().excludesZero()).isTrue();
    }

    @Test
    void sends_per_day_counts_sent_messages_by_utc_day_and_channel_with_empty_days_filled() {
        long a = customer();
        long b = customer();
        delivery(a, "sent", NOW.minus(Duration.ofHours(1)), null);
        delivery(b, "sent", NOW.minus(Duration.ofDays(2)), null);
        Reports.SendsPerDay sends = app.reports.sendsPerDay(30);
        assertThat(sends.days()).hasSize(30);
        assertThat(sends.days().get(29)).isEqualTo(LocalDate.of(2026, 11, 23));
        List<Long> email = sends.channels().get("email");
        assertThat(email.get(29)).isEqualTo(1);
        assertThat(email.get(27)).isEqualTo(1);
        assertThat(email.stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    }
}
