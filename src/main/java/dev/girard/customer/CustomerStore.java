package dev.girard.customer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

import dev.girard.core.ConflictException;
import dev.girard.core.Json;
import dev.girard.core.NotFoundException;

/** Customers in the database. */
public final class CustomerStore {
    private static final String COLUMNS = "id, external_id, first_name, last_name, email, phone, address_line1, "
            + "address_line2, city, postal_code, region, country, birthday, locale, time_zone, attributes, created_at, updated_at";

    // Insert a new customer, or update the one with the same external id if any field differs. Positional
    // parameters, in the order of the column list (see bindRow): imports run it a million times.
    private static final String UPSERT = """
            INSERT INTO customers (external_id, first_name, last_name, email, phone, address_line1, address_line2,
                city, postal_code, region, country, birthday, birth_md, locale, time_zone, attributes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (external_id) DO UPDATE SET
                first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
                phone = excluded.phone, address_line1 = excluded.address_line1, address_line2 = excluded.address_line2,
                city = excluded.city, postal_code = excluded.postal_code, region = excluded.region,
                country = excluded.country, birthday = excluded.birthday, birth_md = excluded.birth_md,
                locale = excluded.locale, time_zone = excluded.time_zone, attributes = excluded.attributes,
                updated_at = excluded.updated_at
            WHERE customers.first_name IS DISTINCT FROM excluded.first_name
               OR customers.last_name IS DISTINCT FROM excluded.last_name
               OR customers.email IS DISTINCT FROM excluded.email
               OR customers.phone IS DISTINCT FROM excluded.phone
               OR customers.address_line1 IS DISTINCT FROM excluded.address_line1
               OR customers.address_line2 IS DISTINCT FROM excluded.address_line2
               OR customers.city IS DISTINCT FROM excluded.city
               OR customers.postal_code IS DISTINCT FROM excluded.postal_code
               OR customers.region IS DISTINCT FROM excluded.region
               OR customers.country IS DISTINCT FROM excluded.country
               OR customers.birthday IS DISTINCT FROM excluded.birthday
               OR customers.locale IS DISTINCT FROM excluded.locale
               OR customers.time_zone IS DISTINCT FROM excluded.time_zone
               OR customers.attributes IS DISTINCT FROM excluded.attributes
            """;

    // Replace every field of one customer, found by Girard's id.
    private static final String UPDATE = """
            UPDATE customers SET external_id = :externalId, first_name = :firstName, last_name = :lastName,
                email = :email, phone = :phone, address_line1 = :addressLine1, address_line2 = :addressLine2,
                city = :city, postal_code = :postalCode, region = :region, country = :country, birthday = :birthday,
                birth_md = :birthMd, locale = :locale, time_zone = :timeZone, attributes = :attributes, updated_at = :now
            WHERE id = :id
            """;

    private final Jdbi jdbi;
    private final Clock clock;

    public CustomerStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Inserts or updates by external id; returns true when something was created or changed. */
    public boolean upsert(Handle handle, Customer customer) {
        return upsertAll(handle, List.of(customer))[0] > 0;
    }

    /**
     * Upserts a batch by external id in one round trip.
     *
     * @return per customer, the rows created or changed (0 when the stored customer was the same already)
     */
    public int[] upsertAll(Handle handle, List<Customer> customers) {
        if (customers.isEmpty()) {
            return new int[0];
        }
        long now = clock.millis();
        try (PreparedStatement statement = handle.getConnection().prepareStatement(UPSERT)) {
            for (Customer customer : customers) {
                bindRow(statement, customer, now);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store customers: " + e.getMessage(), e);
        }
    }

    private static void bindRow(PreparedStatement s, Customer c, long now) throws SQLException {
        s.setString(1, c.externalId());
        s.setString(2, c.firstName());
        s.setString(3, c.lastName());
        s.setString(4, c.email());
        s.setString(5, c.phone());
        s.setString(6, c.addressLine1());
        s.setString(7, c.addressLine2());
        s.setString(8, c.city());
        s.setString(9, c.postalCode());
        s.setString(10, c.region());
        s.setString(11, c.country());
        s.setString(12, c.birthday() == null ? null : c.birthday().toString());
        s.setString(13, c.birthday() == null ? null : c.birthday().toString().substring(5));
        s.setString(14, c.locale());
        s.setString(15, c.timeZone());
        s.setString(16, Json.write(c.attributes()));
        s.setLong(17, now);
        s.setLong(18, now);
    }

    /** Creates a customer; a second customer with the same external id is a conflict. */
    public Customer create(Customer customer) {
        return jdbi.inTransaction(handle -> {
            if (findByExternalId(handle, customer.externalId()).isPresent()) {
                throw new ConflictException("A customer with externalId '" + customer.externalId() + "' exists already");
            }
            upsert(handle, customer);
            return findByExternalId(handle, customer.externalId()).orElseThrow();
        });
    }

    public Customer update(long id, Customer customer) {
        return jdbi.inTransaction(handle -> {
            Optional<Customer> sameExternal = findByExternalId(handle, customer.externalId());
            if (sameExternal.isPresent() && sameExternal.get().id() != id) {
                throw new ConflictException("Customer " + sameExternal.get().id() + " has externalId '"
                        + customer.externalId() + "' already");
            }
            int rows = bind(handle.createUpdate(UPDATE), customer).bind("id", id).execute();
            if (rows == 0) {
                throw new NotFoundException("No customer " + id);
            }
            return find(handle, id).orElseThrow();
        });
    }

    public void delete(long id) {
        int rows = jdbi.withHandle(h -> h.createUpdate("DELETE FROM customers WHERE id = :id").bind("id", id).execute());
        if (rows == 0) {
            throw new NotFoundException("No customer " + id);
        }
    }

    public Optional<Customer> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Customer get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("No customer " + id));
    }

    private Optional<Customer> find(Handle handle, long id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM customers WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    /** The customers with these ids that still exist, by id: one query for a worker's whole chunk. */
    public Map<Long, Customer> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM customers WHERE id IN (<ids>)")
                .bindList("ids", new ArrayList<>(ids)).map((rs, ctx) -> map(rs))
                .collectToMap(Customer::id, c -> c));
    }

    public Optional<Customer> findByExternalId(Handle handle, String externalId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM customers WHERE external_id = :externalId")
                .bind("externalId", externalId).map((rs, ctx) -> map(rs)).findOne();
    }

    public Optional<Customer> findByExternalId(String externalId) {
        return jdbi.withHandle(h -> findByExternalId(h, externalId));
    }

    /** A page of customers whose name, e-mail, phone or external id contains the text (all when empty). */
    public List<Customer> search(String text, int limit, int offset) {
        // LOWER on both sides: SQLite's LIKE ignores the letter case, PostgreSQL's does not
        String where = text == null || text.isBlank() ? "" : """
                 WHERE LOWER(external_id) LIKE :q OR LOWER(email) LIKE :q OR phone LIKE :q
                    OR LOWER(first_name) LIKE :q OR LOWER(last_name) LIKE :q""";
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM customers " + where
                    + " ORDER BY id LIMIT :limit OFFSET :offset");
            if (!where.isEmpty()) {
                query.bind("q", "%" + text.strip().toLowerCase(java.util.Locale.ROOT) + "%");
            }
            return query.bind("limit", limit).bind("offset", offset).map((rs, ctx) -> map(rs)).list();
        });
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM customers").mapTo(Long.class).one());
    }

    /**
     * Walks customers matching a condition in id order, a page at a time, so no audience ever sits in
     * memory whole and no read transaction stays open while the caller writes.
     *
     * @param condition a fixed SQL condition written by Girard (never user text), with named parameters
     */
    public void forEachMatching(String condition, Map<String, Object> params, int pageSize, Consumer<Customer> action) {
        long after = 0;
        while (true) {
            long from = after;
            List<Customer> page = jdbi.withHandle(h -> {
                var query = h.createQuery("SELECT " + COLUMNS + " FROM customers WHERE id > :after AND (" + condition
                        + ") ORDER BY id LIMIT :limit");
                params.forEach(query::bind);
                return query.bind("after", from).bind("limit", pageSize).map((rs, ctx) -> map(rs)).list();
            });
            page.forEach(action);
            if (page.size() < pageSize) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private <S extends SqlStatement<S>> S bind(S statement, Customer c) {
        return statement
                .bind("externalId", c.externalId())
                .bind("firstName", c.firstName())
                .bind("lastName", c.lastName())
                .bind("email", c.email())
                .bind("phone", c.phone())
                .bind("addressLine1", c.addressLine1())
                .bind("addressLine2", c.addressLine2())
                .bind("city", c.city())
                .bind("postalCode", c.postalCode())
                .bind("region", c.region())
                .bind("country", c.country())
                .bind("birthday", c.birthday() == null ? null : c.birthday().toString())
                .bind("birthMd", c.birthday() == null ? null : c.birthday().toString().substring(5))
                .bind("locale", c.locale())
                .bind("timeZone", c.timeZone())
                .bind("attributes", Json.write(c.attributes()))
                .bind("now", clock.millis());
    }

    /** The columns {@link #map} reads, qualified with a table alias for queries that join other tables. */
    public static String columns(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c)
                .collect(Collectors.joining(", "));
    }

    /** Reads the customer of the current row (the {@link #columns} of a query). */
    public static Customer map(ResultSet rs) throws SQLException {
        String birthday = rs.getString("birthday");
        return new Customer(rs.getLong("id"), rs.getString("external_id"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("email"), rs.getString("phone"), rs.getString("address_line1"),
                rs.getString("address_line2"), rs.getString("city"), rs.getString("postal_code"), rs.getString("region"),
                rs.getString("country"), birthday == null ? null : LocalDate.parse(birthday), rs.getString("locale"),
                rs.getString("time_zone"), Json.readObject(rs.getString("attributes"), "attributes"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
