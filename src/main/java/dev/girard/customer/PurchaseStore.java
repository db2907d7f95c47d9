package dev.girard.customer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;

/** Purchases: recorded once per external id, always for a known customer. */
public final class PurchaseStore {
    // Record a purchase; a second post of the same external id changes nothing.
    private static final String INSERT = """
            INSERT INTO purchases (external_id, customer_id, amount_cents, currency, item, category, discounted,
                purchased_at, created_at)
            VALUES (:externalId, :customerId, :amountCents, :currency, :item, :category, :discounted, :purchasedAt, :now)
            ON CONFLICT (external_id) DO NOTHING
            """;
    private static final String SELECT = """
            SELECT p.id, p.external_id, p.customer_id, c.external_id AS customer_external_id, p.amount_cents,
                   p.currency, p.item, p.category, p.discounted, p.purchased_at
            FROM purchases p JOIN customers c ON c.id = p.customer_id
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public PurchaseStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The result of recording: the stored purchase, and whether this call created it. */
    public record Recorded(Purchase purchase, boolean created) {
    }

    /**
     * Validates and records a purchase given as JSON fields.
     *
     * @throws InvalidInputException naming each bad field; an unknown customer is an error, not a new customer
     */
    public Recorded record(Map<String, Object> body) {
        return jdbi.inTransaction(handle -> {
            Purchase purchase = validate(handle, body);
            int rows = handle.createUpdate(INSERT)
                    .bind("externalId", purchase.externalId())
                    .bind("customerId", purchase.customerId())
                    .bind("amountCents", purchase.amount().movePointRight(2).longValueExact())
                    .bind("currency", purchase.currency())
                    .bind("item", purchase.item())
                    .bind("category", purchase.category())
                    .bind("discounted", purchase.discounted())
                    .bind("purchasedAt", purchase.purchasedAt().toEpochMilli())
                    .bind("now", clock.millis())
                    .execute();
            return new Recorded(find(handle, purchase.externalId()).orElseThrow(), rows > 0);
        });
    }

    public List<Purchase> forCustomer(long customerId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE p.customer_id = :id ORDER BY p.purchased_at")
                .bind("id", customerId).map((rs, ctx) -> map(rs)).list());
    }

    private Optional<Purchase> find(Handle handle, String externalId) {
        return handle.createQuery(SELECT + " WHERE p.external_id = :externalId").bind("externalId", externalId)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    private Purchase validate(Handle handle, Map<String, Object> body) {
        List<FieldError> errors = new ArrayList<>();
        String externalId = text(body, "externalId");
        if (externalId == null) {
            errors.add(new FieldError("externalId", "", "is required"));
        }
        String customerExternalId = text(body, "customerExternalId");
        Long customerId = null;
        if (customerExternalId == null) {
            errors.add(new FieldError("customerExternalId", "", "is required"));
        } else {
            customerId = handle.createQuery("SELECT id FROM customers WHERE external_id = :e")
                    .bind("e", customerExternalId).mapTo(Long.class).findOne().orElse(null);
            if (customerId == null) {
                errors.add(new FieldError("customerExternalId", customerExternalId,
                        "is not a known customer (import or create the customer first)"));
            }
        }
        BigDecimal amount = null;
        String rawAmount = text(body, "amount");
        try {
            amount = rawAmount == null ? null : new BigDecimal(rawAmount);
            if (amount == null || amount.signum() < 0 || amount.scale() > 2) {
                errors.add(new FieldError("amount", rawAmount, "must be a non-negative amount with at most two decimals"));
            }
        } catch (NumberFormatException e) {
            errors.add(new FieldError("amount", rawAmount, "is not a number"));
        }
        String currency = text(body, "currency");
        try {
            currency = Currency.getInstance(currency == null ? "" : currency.toUpperCase()).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("currency", currency, "must be an ISO 4217 code such as CNY, USD or EUR"));
        }
        Instant purchasedAt = Instant.now(clock);
        String rawTime = text(body, "purchasedAt");
        if (rawTime != null) {
            try {
                purchasedAt = Instant.parse(rawTime);
            } catch (RuntimeException e) {
                errors.add(new FieldError("purchasedAt", rawTime, "must be an ISO-8601 instant such as 2026-11-23T10:15:00Z"));
            }
        }
        Object discounted = body.get("discounted");
        if (discounted != null && !(discounted instanceof Boolean)) {
            errors.add(new FieldError("discounted", String.valueOf(discounted), "must be true or false"));
        }
        for (String key : body.keySet()) {
            if (!List.of("externalId", "customerExternalId", "amount", "currency", "item", "category", "discounted",
                    "purchasedAt").contains(key)) {
                errors.add(new FieldError(key, "", "is not a purchase field"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Purchase(null, externalId, customerId, customerExternalId, amount.setScale(2, RoundingMode.UNNECESSARY),
                currency, text(body, "item"), text(body, "category"), Boolean.TRUE.equals(discounted), purchasedAt);
    }

    private static String text(Map<String, Object> body, String key) {
        Object value = body.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    private static Purchase map(ResultSet rs) throws SQLException {
        return new Purchase(rs.getLong("id"), rs.getString("external_id"), rs.getLong("customer_id"),
                rs.getString("customer_external_id"), BigDecimal.valueOf(rs.getLong("amount_cents"), 2),
                rs.getString("currency"), rs.getString("item"), rs.getString("category"), rs.getBoolean("discounted"),
                Instant.ofEpochMilli(rs.getLong("purchased_at")));
    }
}
