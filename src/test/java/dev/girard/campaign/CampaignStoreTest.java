package dev.girard.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
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

/** The campaign store's contract, on every database. */
@ParameterizedClass(name = "{0}")
@ArgumentsSource(Databases.class)
class CampaignStoreTest {
    @Parameter
    TestDatabase kind;
    @TempDir
    Path dir;
    private Database database;
    private CampaignStore store;

    @BeforeEach
    void open() {
        database = kind.open(dir);
        store = new CampaignStore(database.jdbi(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Campaign aCampaign(String name, CampaignStatus status) {
        return new Campaign(null, name, "everyone-with-email", Map.of("period", "month"), "email", "monthly-card",
                "0 0 9 1 * ?", "Asia/Shanghai", status, 10, true, 3, 0, null, null);
    }

    @Test
    void a_campaign_reads_back_with_every_field_at_version_one() {
        Campaign stored = store.insert(aCampaign("月卡 Monthly card", CampaignStatus.ACTIVE));

        assertThat(stored.id()).isNotNull();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(store.get(stored.id())).usingRecursiveComparison().ignoringFields("id", "version", "createdAt", "updatedAt")
                .isEqualTo(aCampaign("月卡 Monthly card", CampaignStatus.ACTIVE));
    }

    @Test
    void an_edit_of_a_stale_version_is_a_conflict_and_loses_nothing() {
        Campaign v1 = store.insert(aCampaign("Card", CampaignStatus.DRAFT));
        Campaign v2 = store.update(v1.withStatus(CampaignStatus.ACTIVE));

        assertThat(v2.version()).isEqualTo(2);
        assertThatThrownBy(() -> store.update(v1.withStatus(CampaignStatus.PAUSED)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("now version 2");
        assertThat(store.get(v1.id()).status()).isEqualTo(CampaignStatus.ACTIVE);
    }

    @Test
    void the_list_leaves_out_archived_campaigns_and_an_unknown_id_is_not_found() {
        Campaign kept = store.insert(aCampaign("Kept", CampaignStatus.ACTIVE));
        Campaign archived = store.insert(aCampaign("Gone", CampaignStatus.DRAFT));
        store.update(archived.withStatus(CampaignStatus.ARCHIVED));

        assertThat(store.list()).extracting(Campaign::id).containsExactly(kept.id());
        assertThatThrownBy(() -> store.get(9999)).isInstanceOf(NotFoundException.class);
    }
}
