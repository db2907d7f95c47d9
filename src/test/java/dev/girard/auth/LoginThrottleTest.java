package dev.girard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

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
    private final LoginThrottle throttle = new LoginThrottle(clock, 10, 60_000);

    @Test
    void ten_failures_for_an_account_in_a_minute_hold_that_account_back_for_the_rest_of_the_minute() {
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

    @Test
    void ten_failures_from_an_address_hold_that_address_back_but_not_others() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.retryAfterSeconds("someone", "192.0.2.7")).isPositive();
        assertThat(throttle.retryAfterSeconds("someone", "192.0.2.8")).isZero();
    }

    @Test
    void nine_failures_and_a_success_leave_the_account_free() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("anna", "10.0.0." + i);
        }
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.50")).isZero();
        throttle.succeeded("anna");
        throttle.failed("anna", "10.0.0.51");
        assertThat(throttle.retryAfterSeconds("anna", "10.0.0.52")).isZero();
    }

    @Test
    void account_names_are_counted_without_regard_to_case_or_spaces() {
        for (int i = 0; i < 10; i++) {
            throttle.failed(i % 2 == 0 ? "Anna" : " anna ", "10.0.0." + i);
        }
        assertThat(throttle.retryAfterSeconds("ANNA", "10.0.0.77")).isPositive();
    }
}
