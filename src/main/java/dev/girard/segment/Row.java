package dev.girard.segment;

import java.util.Map;

import dev.girard.customer.Customer;

/** One row of a segment query: the customer and the extra values read with it, by label. */
record Row(Customer customer, Map<String, Object> values) {
    Long longValue(String label) {
        Object v = values.get(label);
        return v == null ? null : ((Number) v).longValue();
    }

    String text(String label) {
        Object v = values.get(label);
        return v == null ? null : v.toString();
    }
}
