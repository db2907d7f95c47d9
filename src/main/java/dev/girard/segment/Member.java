package dev.girard.segment;

import java.util.Map;

import dev.girard.customer.Customer;

/**
 * One customer in an audience, with the occurrence key their delivery is recorded under and, in a
 * preview, the values that made them match.
 */
public record Member(Customer customer, String occurrenceKey, Map<String, Object> values) {
    public Member {
        values = values == null ? Map.of() : values;
    }

    public Member(Customer customer, String occurrenceKey) {
        this(customer, occurrenceKey, Map.of());
    }
}
