package dev.girard.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A customer as stored. {@code id} is Girard's own; {@code externalId} is the shop's and is what imports
 * upsert by. Phone numbers are E.164; {@code timeZone} is an IANA name or null (the configured default applies).
 */
public record Customer(
        Long id,
        String externalId,
        String firstName,
        String lastName,
        String email,
        String phone,
        String addressLine1,
        String addressLine2,
        String city,
        String postalCode,
        String region,
        String country,
        LocalDate birthday,
        String locale,
        String timeZone,
        Map<String, Object> attributes,
        Instant createdAt,
        Instant updatedAt) {

    public Customer {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        firstName = firstName == null ? "" : firstName;
        lastName = lastName == null ? "" : lastName;
    }

    /** True when the customer's language is Chinese, which puts the family name first. */
    public boolean isChinese() {
        return locale != null && locale.toLowerCase(java.util.Locale.ROOT).startsWith("zh");
    }

    /** The name as the customer would write it: 王芳, or Anna Smith. */
    public String fullName() {
        if (isChinese()) {
            return (lastName + firstName).strip();
        }
        return (firstName + " " + lastName).strip();
    }
}
