package dev.girard.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

import dev.girard.App;
import dev.girard.support.Databases;
import dev.girard.support.TestDatabase;

@ParameterizedClass(name = "{0}")
@ArgumentsSource(Databases.class)
class ConsentStoreTest {
    @Parameter
    TestDatabase database;
    @TempDir
    Path dir;
    private App app;

    @BeforeEach
    void start() throws Exception {
        app = App.open(database.config(dir, Map.of()), java.time.Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void theLatestRecordPerChannelDecides() {
        long ann = customer("ann");
        long bob = customer("bob");
        long cy = customer("cy");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        app.consents.record(new Consent(null, ann, "sms", true, t, "web form", "Texts about offers"));
        app.consents.record(new Consent(null, ann, "sms", false, t.plusSeconds(60), "sms reply", "STOP"));
        app.consents.record(new Consent(null, bob, "sms", false, t, "till", null));
        app.consents.record(new Consent(null, bob, "sms", true, t.plusSeconds(60), "till", "Yes to texts"));
        app.consents.record(new Consent(null, cy, "email", true, t, "web form", null));

        assertThat(app.consents.granted(ann, "sms")).isFalse();
        assertThat(app.consents.granted(bob, "sms")).isTrue();
        assertThat(app.consents.granted(cy, "sms")).as("no record is no consent").isFalse();
        assertThat(app.consents.grantedAmong(List.of(ann, bob, cy), "sms")).containsExactly(bob);
        assertThat(app.consents.history(ann)).extracting(Consent::source).containsExactly("web form", "sms reply");
    }

    private long customer(String id) {
        return app.customers.create(Map.of("externalId", id, "email", id + "@example.com")).id();
    }
}
