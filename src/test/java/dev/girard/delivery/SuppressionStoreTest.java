package dev.girard.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

import dev.girard.core.InvalidInputException;
import dev.girard.core.NotFoundException;
import dev.girard.db.Database;
import dev.girard.support.Databases;
import dev.girard.support.TestDatabase;

/** The suppression store's contract, on every database. */
@ParameterizedClass(name = "{0}")
@ArgumentsSource(Databases.class)
class SuppressionStoreTest {
    @Parameter
    TestDatabase kind;
    @TempDir
    Path dir;
    private Database database;
    private SuppressionStore store;

    @BeforeEach
    void open() {
        database = kind.open(dir);
        store = new SuppressionStore(database.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void an_address_is_suppressed_once_per_channel_whatever_its_letter_case_and_keeps_the_first_reason() {
        store.add("email", " Ann@Example.ORG ", "550 no such user");
        store.add("email", "ann@example.org", "unsubscribed");

        assertThat(store.reason("email", "ANN@example.org")).contains("550 no such user");
        assertThat(store.reason("sms", "ann@example.org")).isEmpty();
        assertThat(store.reasons("email", List.of("ann@example.org", "bob@example.org")))
                .containsOnlyKeys("ann@example.org");
        assertThat(store.list(10, 0)).hasSize(1);
    }

    @Test
    void a_removed_suppression_no_longer_applies_and_bad_input_is_refused() {
        long id = store.add("email", "bob@example.org", "").id();
        assertThat(store.reason("email", "bob@example.org")).contains("added by hand");

        store.remove(id);
        assertThat(store.reason("email", "bob@example.org")).isEmpty();
        assertThatThrownBy(() -> store.remove(id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.add("fax", "x", "")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.add("email", " ", "")).isInstanceOf(InvalidInputException.class);
    }
}
