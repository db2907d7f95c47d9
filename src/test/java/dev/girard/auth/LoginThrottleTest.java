package dev.girard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.girard.db.Database;
import dev.girard.support.TestDatabases;

class LoginThrottleTest {
    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private Database database;
    private LoginThrottle throttle;

    @TempDir
    Path dir;

    private void open(TestDatabases.Factory factory) {
        database = factory.open(dir);
        throttle = new LoginThrottle(database.jdbi(), clock, 10, 60_000);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void ten_failures_for_an_account_in_a_minute_hold_that_account_back_for_the_rest_of_the_minute(TestDatabases.Factory factory) {
        open(factory);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.retryAfterSeconds("anna", "10.0.0." + i)).as("try %d", i + 1).isZero();
            throttle.failed("anna", "10.0.0." + i);
            clock.now = clock.now.plusSeconds(1);
        }
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.99")).isEqualTo(50);
        assertThat(throttle.retryAfterSeconds("ben", "10.0.0.99")).as("another account elsewhere").isZero();
        clock.now = clock.now.plus(Duration.ofSeconds(50));
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.99")).as("the first failure left the window").isZero();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void ten_failures_from_an_address_hold_that_address_back_but_not_others(TestDatabases.Factory factory) {
        open(factory);
        for (int i = 0; i < 10; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.retryAfterSeconds("someone", "192.0.2.7")).isPositive();
        assertThat(throttle.retryAfterSeconds("someone", "192.0.2.8")).isZero();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void nine_failures_and_a_success_leave_the_account_free(TestDatabases.Factory factory) {
        open(factory);
        for (int i = 0; i < 9; i++) {
            throttle.failed("anna", "10.0.0." + i);
        }
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.50")).isZero();
        throttle.succeeded("anna");
        throttle.failed("anna", "10.0.0.51");
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.52")).isZero();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void account_names_are_counted_without_regard_to_case_or_spaces(TestDatabases.Factory factory) {
        open(factory);
        for (int i = 0; i < 10; i++) {
            throttle.failed(i % 2 == 0 ? "Anna" : " anna ", "10.0.0." + i);
        }
        assertThat(throttle.retryAfterSeconds("ANNA", "10.0.0.77")).isPositive();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void nodes_sharing_a_database_count_the_same_failures_and_old_ones_are_deleted(TestDatabases.Factory factory) {
        open(factory);
        LoginThrottle otherNode = new LoginThrottle(database.jdbi(), clock, 10, 60_000);
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? throttle : otherNode).failed("anna", "10.0.0." + i);
        }
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.99")).as("five failures on each node").isPositive();
        assertThat(otherNode.retryAfterSeconds("anna", "10.0.0.99")).isPositive();

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        otherNode.failed("ben", "10.0.0.200");
        long rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sign_in_failures").mapTo(Long.class).one());
        assertThat(rows).as("only ben's new failure (by account and by address) is kept").isEqualTo(2);
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.99")).isZero();
    }
}
