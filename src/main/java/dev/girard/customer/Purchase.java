package dev.girard.customer;

import java.math.BigDecimal;
import java.time.Instant;

/** One purchase, keyed by the shop's own id so that posting it twice records it once. */
public record Purchase(
        Long id,
        String externalId,
        Long customerId,
        String customerExternalId,
        BigDecimal amount,
        String currency,
        String item,
        String category,
        boolean discounted,
        Instant purchasedAt) {
}
