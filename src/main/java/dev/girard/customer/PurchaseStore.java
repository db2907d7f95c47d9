package dev.girard.customer;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.core.ConflictException;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.db.WriteGate;
import dev.girard.imports.RowHandler;
import dev.girard.imports.RowHandler.Outcome;

/**
 * Purchases: recorded once per external id, always for a known customer, and never changed afterwards (a
 * second post of the same purchase changes nothing; one with other values is refused). The buyer's stats
 * are brought up to date in the same transaction.
 */
public final class PurchaseStore {
    // Record purchases; positional parameters in this order (see insert). An external id stored already is left alone.
    private static final String INSERT = """
            INSERT INTO purchases (external_id, customer_id, amount_cents, currency, item, category, discounted,
                purchased_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (external_id) DO NOTHING
            """;
    private static final String SELECT = """
            SELECT p.id, p.external_id, p.customer_id, c.external_id AS customer_external_id, p.amount_cents,
                   p.currency, p.item, p.category, p.discounted, p.purchased_at
            FROM purchases p JOIN customers c ON c.id = p.customer_id
            """;

    private final Jdbi jdbi;
    private final Clock clock;
    private final PurchaseValidator validator;
    private final CustomerStats stats;
    private final WriteGate gate;

    public PurchaseStore(Jdbi jdbi, Clock clock, PurchaseValidator validator, CustomerStats stats, WriteGate gate) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.validator = validator;
        this.stats = stats;
        this.gate = gate;
    }

    /** The result of recording: the stored purchase, and whether this call created it. */
    public record Recorded(Purchase purchase, boolean created) {
    }

    /** One element of a batch post: its position, what became of it, the stored purchase or the errors. */
    public record BatchItem(int index, String externalId, String status, Purchase purchase, List<FieldError> errors) {
    }

    /**
     * Validates and records a purchase given as JSON fields.
     *
     * @throws InvalidInputException naming each bad field; an unknown customer is an error, not a new customer
     * @throws ConflictException     when the external id is recorded already with other values
     */
    public Recorded record(Map<String, Object> body) {
        BatchItem item = recordBatch(List.of(body)).get(0);
        if (item.status().equals("refused")) {
            FieldError first = item.errors().get(0);
            if (first.reason().startsWith("is recorded already")) {
                throw new ConflictException("Purchase '" + item.externalId() + "' " + first.reason());
            }
            throw new InvalidInputException(item.errors());
        }
        return new Recorded(item.purchase(), item.status().equals("created"));
    }

    /** Records each purchase of a batch that is valid, in one transaction; the others are refused with their errors. */
    public List<BatchItem> recordBatch(List<Map<String, Object>> bodies) {
        List<BatchItem> items = new ArrayList<>();
        List<Purchase> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Map<String, Object> body = bodies.get(i);
            List<FieldError> unknown = new ArrayList<>();
            Map<String, String> raw = new HashMap<>();
            body.forEach((key, value) -> {
                if (!PurchaseValidator.FIELDS.contains(key)) {
                    unknown.add(new FieldError(key, "", "is not a purchase field (" + String.join(", ",
                            PurchaseValidator.FIELDS) + ")"));
                } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    unknown.add(new FieldError(key, "", "must be a single value"));
                } else if (value != null) {
                    raw.put(key, value.toString());
                }
            });
            RowHandler.Parsed<Purchase> parsed = validator.validate(raw);
            List<FieldError> errors = new ArrayList<>(unknown);
            errors.addAll(parsed.errors());
            String externalId = body.get("externalId") == null ? null : body.get("externalId").toString();
            if (errors.isEmpty()) {
                valid.add(parsed.value());
                validIndex.add(i);
                items.add(null);
            } else {
                items.add(new BatchItem(i, externalId, "refused", null, errors));
            }
        }
        if (!valid.isEmpty()) {
            gate.run(() -> jdbi.useTransaction(h -> {
                List<Outcome> outcomes = recordAll(h, valid);
                Map<String, Purchase> stored = find(h, valid.stream().map(Purchase::externalId).toList());
                for (int k = 0; k < valid.size(); k++) {
                    Outcome outcome = outcomes.get(k);
                    int index = validIndex.get(k);
                    String externalId = valid.get(k).externalId();
                    items.set(index, outcome.error() != null
                            ? new BatchItem(index, externalId, "refused", null, List.of(outcome.error()))
                            : new BatchItem(index, externalId, outcome.changed() ? "created" : "unchanged",
                                    stored.get(externalId), List.of()));
                }
            }));
        }
        return items;
    }

    /**
     * Records valid purchases inside the caller's transaction and refreshes their buyers' stats.
     *
     * @return per purchase: created, unchanged (recorded before with the same values), or refused (unknown
     *         customer, or recorded before with other values)
     */
    public List<Outcome> recordAll(Handle handle, List<Purchase> purchases) {
        Map<String, Long> customerIds = customerIds(handle, purchases);
        long now = clock.millis();
        List<Outcome> outcomes = new ArrayList<>(purchases.size());
        int[] inserted;
        try (PreparedStatement insert = handle.getConnection().prepareStatement(INSERT)) {
            for (Purchase p : purchases) {
                Long customerId = customerIds.get(p.customerExternalId());
                if (customerId == null) {
                    continue;
                }
                insert.setString(1, p.externalId());
                insert.setLong(2, customerId);
                insert.setLong(3, p.amount().movePointRight(2).longValueExact());
                insert.setString(4, p.currency());
                insert.setString(5, p.item());
                insert.setString(6, p.category());
                insert.setBoolean(7, p.discounted());
                insert.setLong(8, p.purchasedAt() == null ? now : p.purchasedAt().toEpochMilli());
                insert.setLong(9, now);
                insert.addBatch();
            }
            inserted = insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record purchases: " + e.getMessage(), e);
        }
        List<String> existing = new ArrayList<>();
        Set<Long> buyers = new LinkedHashSet<>();
        int k = 0;
        for (Purchase p : purchases) {
            Long customerId = customerIds.get(p.customerExternalId());
            if (customerId == null) {
                outcomes.add(Outcome.refused(new FieldError("customerExternalId", p.customerExternalId(),
                        "is not a known customer (import or create the customer first)")));
            } else if (inserted[k++] > 0) {
                outcomes.add(Outcome.CHANGED);
                buyers.add(customerId);
            } else {
                outcomes.add(null);
                existing.add(p.externalId());
            }
        }
        if (!existing.isEmpty()) {
            Map<String, Purchase> stored = find(handle, existing);
            for (int i = 0; i < purchases.size(); i++) {
                if (outcomes.get(i) == null) {
                    outcomes.set(i, compare(purchases.get(i), stored.get(purchases.get(i).externalId())));
                }
            }
        }
        stats.refresh(handle, buyers);
        return outcomes;
    }

    private static Outcome compare(Purchase given, Purchase stored) {
        List<String> differences = new ArrayList<>();
        if (!given.customerExternalId().equals(stored.customerExternalId())) {
            differences.add("customer " + stored.customerExternalId());
        }
        if (given.amount().compareTo(stored.amount()) != 0 || !given.currency().equals(stored.currency())) {
            differences.add("amount " + stored.amount() + " " + stored.currency());
        }
        if (!Objects.equals(given.item(), stored.item()) || !Objects.equals(given.category(), stored.category())) {
            differences.add("item " + stored.item() + " / " + stored.category());
        }
        if (given.discounted() != stored.discounted()) {
            differences.add("discounted " + stored.discounted());
        }
        if (given.purchasedAt() != null && !given.purchasedAt().equals(stored.purchasedAt())) {
            differences.add("purchasedAt " + stored.purchasedAt());
        }
        if (differences.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        return Outcome.refused(new FieldError("externalId", given.externalId(), "is recorded already with other values ("
                + String.join(", ", differences) + "); a recorded purchase is never changed"));
    }

    private static Map<String, Long> customerIds(Handle handle, List<Purchase> purchases) {
        List<String> externalIds = purchases.stream().map(Purchase::customerExternalId).distinct().toList();
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0; from < externalIds.size(); from += 1000) {
            handle.createQuery("SELECT id, external_id FROM customers WHERE external_id IN (<ids>)")
                    .bindList("ids", externalIds.subList(from, Math.min(from + 1000, externalIds.size())))
                    .map((rs, ctx) -> Map.entry(rs.getString("external_id"), rs.getLong("id")))
                    .forEach(e -> ids.put(e.getKey(), e.getValue()));
        }
        return ids;
    }

    private static Map<String, Purchase> find(Handle handle, List<String> externalIds) {
        Map<String, Purchase> found = new LinkedHashMap<>();
        for (int from = 0; from < externalIds.size(); from += 1000) {
            handle.createQuery(SELECT + " WHERE p.external_id IN (<ids>)")
                    .bindList("ids", externalIds.subList(from, Math.min(from + 1000, externalIds.size())))
                    .map((rs, ctx) -> map(rs)).forEach(p -> found.put(p.externalId(), p));
        }
        return found;
    }

    public List<Purchase> forCustomer(long customerId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE p.customer_id = :id ORDER BY p.purchased_at, p.id")
                .bind("id", customerId).map((rs, ctx) -> map(rs)).list());
    }

    private static Purchase map(ResultSet rs) throws SQLException {
        return new Purchase(rs.getLong("id"), rs.getString("external_id"), rs.getLong("customer_id"),
                rs.getString("customer_external_id"), BigDecimal.valueOf(rs.getLong("amount_cents"), 2),
                rs.getString("currency"), rs.getString("item"), rs.getString("category"), rs.getBoolean("discounted"),
                Instant.ofEpochMilli(rs.getLong("purchased_at")));
    }
}
