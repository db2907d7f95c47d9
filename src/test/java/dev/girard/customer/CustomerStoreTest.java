package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

import dev.girard.core.ConflictException;
import dev.girard.core.NotFoundException;
import dev.girard.db.Database;
import dev.girard.support.Databases;
import dev.girard.support.TestDatabase;

/** The customer store's contract, on every database. */
@ParameterizedClass(name = "{0}")
@ArgumentsSource(Databases.class)
class CustomerStoreTest {
    @Parameter
    TestDatabase kind;
    @TempDir
    Path dir;
    private Database database;
    private CustomerStore store;

    @BeforeEach
    void open() {
        database = kind.open(dir);
        store = new CustomerStore(database.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Customer aCustomer(String externalId, String first, String last, String email) {
        return new Customer(null, externalId, first, last, email, "+8613800138000", "1 Tea Road", null, "上海", "200000",
                null, "CN", LocalDate.of(1980, 2, 29), "zh-CN", "Asia/Shanghai", Map.of("tier", "gold", "visits", 3),
                null, null);
    }

    @Test
    void a_created_customer_reads_back_field_for_field_including_chinese_text_and_attributes() {
        Customer created = store.create(aCustomer("C1", "芳", "王", "fang@example.cn"));

        Customer read = store.get(created.id());
        assertThat(read.externalId()).isEqualTo("C1");
        assertThat(read.fullName()).isEqualTo("王芳");
        assertThat(read.city()).isEqualTo("上海");
        assertThat(read.birthday()).isEqualTo(LocalDate.of(1980, 2, 29));
        assertThat(read.attributes()).containsEntry("tier", "gold").containsEntry("visits", 3);
        assertThat(store.findByExternalId("C1")).contains(read);
    }

    @Test
    void upsert_by_external_id_changes_a_row_only_when_a_field_differs() {
        boolean created = database.jdbi().inTransaction(h -> store.upsert(h, aCustomer("C1", "Anna", "Smith", "a@example.org")));
        boolean unchanged = database.jdbi().inTransaction(h -> store.upsert(h, aCustomer("C1", "Anna", "Smith", "a@example.org")));
        boolean changed = database.jdbi().inTransaction(h -> store.upsert(h, aCustomer("C1", "Anna", "Smith", "anna@example.org")));

        assertThat(List.of(created, unchanged, changed)).containsExactly(true, false, true);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.findByExternalId("C1").orElseThrow().email()).isEqualTo("anna@example.org");
    }

    @Test
    void a_second_customer_with_the_same_external_id_is_a_conflict_and_update_and_delete_need_an_existing_id() {
        Customer ann = store.create(aCustomer("C1", "Anna", "Smith", "a@example.org"));
        Customer bob = store.create(aCustomer("C2", "Bob", "Brown", "b@example.org"));

        assertThatThrownBy(() -> store.create(aCustomer("C1", "Other", "Person", "o@example.org")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("C1");
        assertThatThrownBy(() -> store.update(bob.id(), aCustomer("C1", "Bob", "Brown", "b@example.org")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.update(9999, aCustomer("C9", "No", "One", null))).isInstanceOf(NotFoundException.class);
        assertThat(store.update(ann.id(), aCustomer("C1", "Anne", "Smith", "a@example.org")).firstName()).isEqualTo("Anne");

        store.delete(bob.id());
        assertThat(store.find(bob.id())).isEmpty();
        assertThatThrownBy(() -> store.delete(bob.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void search_finds_by_any_part_of_name_email_or_id_whatever_the_letter_case() {
        store.create(aCustomer("C1", "Anna", "Wang", "anna.wang@example.org"));
        store.create(aCustomer("C2", "Bob", "Brown", "bob@example.org"));
        store.create(aCustomer("C3", "Wanda", "Lee", "wanda@example.org"));

        assertThat(store.search("wang", 10, 0)).extracting(Customer::externalId).containsExactly("C1");
        assertThat(store.search("WAN", 10, 0)).extracting(Customer::externalId).containsExactly("C1", "C3");
        assertThat(store.search("", 2, 1)).extracting(Customer::externalId).containsExactly("C2", "C3");
    }

    @Test
    void find_all_and_paged_walks_return_exactly_the_matching_customers_in_id_order() {
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            ids.add(store.create(aCustomer("C" + i, "N" + i, "L", i % 5 == 0 ? null : "c" + i + "@example.org")).id());
        }
        assertThat(store.findAll(List.of(ids.get(0), ids.get(3), 99_999L))).containsOnlyKeys(ids.get(0), ids.get(3));

        List<String> walked = new ArrayList<>();
        store.forEachMatching("email IS NOT NULL", Map.of(), 7, c -> walked.add(c.externalId()));
        assertThat(walked).hasSize(20).doesNotContain("C5", "C10", "C25").startsWith("C1", "C2", "C3", "C4", "C6");
    }
}
