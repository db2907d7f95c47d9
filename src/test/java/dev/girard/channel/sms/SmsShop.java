package dev.girard.channel.sms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.girard.App;
import dev.girard.core.Json;
import dev.girard.customer.Consent;
import dev.girard.customer.Customer;
import dev.girard.delivery.Run;
import dev.girard.support.Waiting;

/** A shop's SMS data for tests: customers with phones, consent records, SMS campaigns, and what went out. */
final class SmsShop {
    private final App app;

    SmsShop(App app) {
        this.app = app;
    }

    /** A customer with an e-mail address (the test campaigns' segment) and a phone number. */
    Customer customer(String externalId, String first, String last, String phone, String locale, String zone) {
        return app.customerStore.create(new Customer(null, externalId, first, last, externalId + "@example.org", phone,
                null, null, null, null, null, null, null, locale, zone, Map.of(), null, null));
    }

    void grant(Customer customer, Instant at) {
        app.consents.record(new Consent(null, customer.id(), "sms", true, at, "shop counter form",
                "Yes, text me about offers. Reply STOP to opt out."));
    }

    void withdraw(Customer customer, Instant at) {
        app.consents.record(new Consent(null, customer.id(), "sms", false, at, "phone call", "Please stop texting me"));
    }

    long campaign(String name, String template) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "segment", "everyone-with-email", "channel", "sms",
                "template", template, "cron", "0 0 9 1 * ?", "timeZone", "Asia/Shanghai", "status", "draft"));
        return app.campaigns.create(body).id();
    }

    Run awaitRun(long runId, String status) {
        return Waiting.until("run " + runId + " to be " + status, Duration.ofSeconds(60), () -> app.runs.get(runId),
                run -> run.status().equals(status));
    }

    /** Waits for the run while moving the clock on by {@code step} at every look, so retries fall due. */
    Run awaitRun(long runId, String status, dev.girard.support.SettableClock clock, Duration step) {
        return Waiting.until("run " + runId + " to be " + status, Duration.ofSeconds(60), () -> {
            clock.set(clock.instant().plus(step));
            return app.runs.get(runId);
        }, run -> run.status().equals(status));
    }

    /** One outbox row of a run. */
    record Row(long customerId, String status, String lastError, String messageId, Long costMicros, Long notBefore,
            int attempts) {
    }

    Map<Long, Row> deliveries(long runId) {
        Map<Long, Row> rows = new HashMap<>();
        app.database.jdbi().useHandle(h -> h.createQuery("""
                SELECT customer_id, status, last_error, message_id, cost_micros, not_before, attempts
                FROM deliveries WHERE run_id = :runId""").bind("runId", runId)
                .map((rs, ctx) -> new Row(rs.getLong("customer_id"), rs.getString("status"), rs.getString("last_error"),
                        rs.getString("message_id"), nullableLong(rs, "cost_micros"), nullableLong(rs, "not_before"),
                        rs.getInt("attempts")))
                .forEach(r -> rows.put(r.customerId(), r)));
        return rows;
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    Row delivery(long runId, Customer customer) {
        return deliveries(runId).get(customer.id());
    }

    /** The texts the file gateway wrote, oldest first. */
    List<JsonNode> outbox() {
        Path file = app.config.dataDir().resolve("sms-outbox.jsonl");
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                lines.add(Json.MAPPER.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    List<JsonNode> outboxTo(String phone) {
        return outbox().stream().filter(n -> n.path("to").asText().equals(phone)).toList();
    }
}
