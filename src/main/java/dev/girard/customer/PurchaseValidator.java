package dev.girard.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.girard.core.FieldError;
import dev.girard.imports.RowHandler;

/**
 * Turns raw purchase fields (a CSV row or a JSON object) into a {@link Purchase} or the list of what is
 * wrong. Whether the customer exists is the store's question, asked for a whole batch at once.
 */
public final class PurchaseValidator {
    /** The fields of a purchase, by the names the API and the CSV header use. */
    public static final List<String> FIELDS = List.of("externalId", "customerExternalId", "amount", "currency", "item",
            "category", "discounted", "purchasedAt");
    private final ZoneId zone;

    /** @param zone the time zone of timestamps written without an offset (the shop's) */
    public PurchaseValidator(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * A purchase without a timestamp (a till posting as it sells) has a null {@code purchasedAt}: the store
     * records it at the time it is stored, and a repeated post of it is not refused for a different time.
     */
    public RowHandler.Parsed<Purchase> validate(Map<String, String> raw) {
        List<FieldError> errors = new ArrayList<>();
        String externalId = text(raw, "externalId");
        if (externalId == null) {
            errors.add(new FieldError("externalId", "", "is required"));
        } else if (externalId.length() > 200) {
            errors.add(new FieldError("externalId", externalId.substring(0, 20) + "…", "is longer than 200 characters"));
        }
        String customerExternalId = text(raw, "customerExternalId");
        if (customerExternalId == null) {
            errors.add(new FieldError("customerExternalId", "", "is required"));
        }
        BigDecimal amount = null;
        String rawAmount = text(raw, "amount");
        if (rawAmount == null) {
            errors.add(new FieldError("amount", "", "is required"));
        } else {
            try {
                amount = new BigDecimal(rawAmount);
                if (amount.signum() < 0 || amount.scale() > 2 || amount.precision() - amount.scale() > 15) {
                    errors.add(new FieldError("amount", rawAmount, "must be a non-negative amount with at most two decimals"));
                    amount = null;
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("amount", rawAmount, "is not a number (write 1268.50: a dot, no thousands separator)"));
            }
        }
        String currency = text(raw, "currency");
        try {
            currency = Currency.getInstance(currency == null ? "" : currency.toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("currency", currency == null ? "" : currency,
                    "must be an ISO 4217 code such as CNY, USD or EUR"));
        }
        Instant purchasedAt = null;
        String rawTime = text(raw, "purchasedAt");
        if (rawTime != null) {
            purchasedAt = Instants.parse(rawTime, zone);
            if (purchasedAt == null) {
                errors.add(new FieldError("purchasedAt", rawTime, Instants.expected(zone)));
            }
        }
        Boolean discounted = flag(text(raw, "discounted"));
        if (discounted == null) {
            errors.add(new FieldError("discounted", raw.get("discounted"), "must be true or false (also yes/no, 1/0, 是/否)"));
        }
        for (String name : List.of("item", "category")) {
            String value = text(raw, name);
            if (value != null && value.length() > (name.equals("item") ? 500 : 200)) {
                errors.add(new FieldError(name, value.substring(0, 20) + "…", "is too long"));
            }
        }
        if (!errors.isEmpty()) {
            return RowHandler.Parsed.failed(errors);
        }
        return RowHandler.Parsed.of(new Purchase(null, externalId, null, customerExternalId,
                amount.setScale(2), currency, text(raw, "item"), text(raw, "category"), discounted, purchasedAt));
    }

    /** true/false and their usual spellings; absent is false; anything else null. */
    static Boolean flag(String raw) {
        if (raw == null) {
            return false;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1", "是", "t" -> true;
            case "false", "no", "n", "0", "否", "f" -> false;
            default -> null;
        };
    }

    private static String text(Map<String, String> raw, String key) {
        String value = raw.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
