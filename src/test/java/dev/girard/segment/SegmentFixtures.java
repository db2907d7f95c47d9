package dev.girard.segment;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;

import dev.girard.customer.Customer;
import dev.girard.customer.CustomerStore;
import dev.girard.db.Database;

/** Test data for segments, written straight to the tables the segments read. */
final class SegmentFixtures {
    private final Jdbi jdbi;
    private final CustomerStore customers;
    private int purchases;

    SegmentFixtures(Database database) {
        this.jdbi = database.jdbi();
        this.customers = new CustomerStore(jdbi, Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    CustomerBuilder customer(String externalId) {
        return new CustomerBuilder(externalId);
    }

    /** A customer as a builder: aCustomer("ann").bornOn(...).inZone(...).save(). */
    final class CustomerBuilder {
        private final String externalId;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private String email;
        private String phone;
        private String country;
        private String city;
        private String address;
        private String postalCode;
        private String locale;
        private String zone;
        private LocalDate birthday;
        private String firstName = "";

        private CustomerBuilder(String externalId) {
            this.externalId = externalId;
            this.email = externalId + "@example.com";
        }

        CustomerBuilder email(String value) {
            email = value;
            return this;
        }

        CustomerBuilder phone(String value) {
            phone = value;
            return this;
        }

        CustomerBuilder country(String value) {
            country = value;
            return this;
        }

        CustomerBuilder city(String value) {
            city = value;
            return this;
        }

        CustomerBuilder postalAddress(String street, String postal) {
            address = street;
            postalCode = postal;
            return this;
        }

        CustomerBuilder locale(String value) {
            locale = value;
            return this;
        }

        CustomerBuilder inZone(String value) {
            zone = value;
            return this;
        }

        CustomerBuilder bornOn(String isoDate) {
            birthday = LocalDate.parse(isoDate);
            return this;
        }

        CustomerBuilder firstName(String value) {
            firstName = value;
            return this;
        }

        CustomerBuilder attribute(String key, Object value) {
            attributes.put(key, value);
            return this;
        }

        long save() {
            Customer c = new Customer(null, externalId, firstName, "", email, phone, address, null, city, postalCode,
                    null, country, birthday, locale, zone, attributes, null, null);
            return customers.create(c).id();
        }
    }

    /** A customer_stats row; columns as in the table, e.g. stats(id, "median_gap_days", 10.0, ...). */
    void stats(long customerId, Object... columnsAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            values.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        String columns = String.join(", ", values.keySet());
        String params = String.join(", ", values.keySet().stream().map(k -> ":" + k).toList());
        jdbi.useHandle(h -> {
            var update = h.createUpdate("INSERT INTO customer_stats (customer_id, computed_at"
                    + (values.isEmpty() ? "" : ", " + columns) + ") VALUES (:customerId, 0"
                    + (values.isEmpty() ? "" : ", " + params) + ")");
            values.forEach(update::bind);
            update.bind("customerId", customerId).execute();
        });
    }

    /** A purchase; returns its id. */
    long purchase(long customerId, long cents, String category, Instant at) {
        return purchase(customerId, cents, category, at, false);
    }

    long purchase(long customerId, long cents, String category, Instant at, boolean discounted) {
        String externalId = "order-" + (++purchases);
        return jdbi.withHandle(h -> h.createUpdate("""
                INSERT INTO purchases (external_id, customer_id, amount_cents, currency, item, category, discounted,
                    purchased_at, created_at)
                VALUES (:externalId, :customerId, :cents, 'CNY', :item, :category, :discounted, :at, :at)""")
                .bind("externalId", externalId).bind("customerId", customerId).bind("cents", cents)
                .bind("item", category + " item").bind("category", category).bind("discounted", discounted)
                .bind("at", at.toEpochMilli())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    void consent(long customerId, String channel, boolean granted, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO consents (customer_id, channel, granted, at, source, created_at)
                VALUES (:customerId, :channel, :granted, :at, 'test', :at)""")
                .bind("customerId", customerId).bind("channel", channel).bind("granted", granted)
                .bind("at", at.toEpochMilli()).execute());
    }

    long customerCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM customers").mapTo(Long.class).one());
    }
}
