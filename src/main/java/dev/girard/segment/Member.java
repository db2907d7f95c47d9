package dev.girard.segment;

import dev.girard.customer.Customer;

/** One customer in an audience, with the occurrence key their delivery is recorded under. */
public record Member(Customer customer, String occurrenceKey) {
}
