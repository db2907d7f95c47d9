package dev.girard.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.girard.core.ConflictException;
import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import dev.girard.support.TestDatabases;

/** Saved segments on each database: stored, named by campaigns as saved:ID, versioned, narrowed by localHour. */
class SavedSegmentsContractTest extends SegmentDatabaseTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    SavedSegmentsContractTest() {
        super(2);
    }

    private long count(String segment, Map<String, Object> params) {
        return segments.preview(segment, params, NOW, UTC, UTC).count();
    }

    @ParameterizedTest
    @MethodSource("dev.girard.support.TestDatabases#all")
    void a_saved_filter_selects_like_the_filter_and_follows_its_edits(TestDatabases.Factory factory) {
        open(factory);
        data.customer("ann").city("Shanghai").save();
        data.customer("bo").city("Shanghai").save();
        data.customer("cy").city("Beijing").save();
        Map<String, Object> shanghai = Json.readObject("{\"filter\": {\"field\": \"city\", \"op\": \"eq\", \"value\": \"Shanghai\"}}", "p");

        SavedSegments.Definition saved = segments.savedSegments().create("Shanghai", "the city", "custom", shanghai, "mark");
        assertThat(saved.version()).isEqualTo(1);
        assertThat(segments.get(saved.segmentId()).description()).startsWith("Shanghai: the city");
        assertThat(count(saved.segmentId(), Map.of())).isEqualTo(2);
        assertThat(segments.get(saved.segmentId()).parameters()).containsKey("localHour").doesNotContainKey("filter");
        // localHour 10 at 10:00 UTC: the customers here have no zone, so the default (UTC) applies and all stay
        assertThat(count(saved.segmentId(), Map.of("localHour", 10))).isEqualTo(2);
        assertThat(count(saved.segmentId(), Map.of("localHour", 11))).isZero();

        Map<String, Object> beijing = Json.readObject("{\"filter\": {\"field\": \"city\", \"op\": \"eq\", \"value\": \"Beijing\"}}", "p");
        SavedSegments.Definition edited = segments.savedSegments().update(saved.id(), 1, "Beijing", null, "custom", beijing, "mark");
        assertThat(edited.version()).isEqualTo(2);
        assertThat(count(saved.segmentId(), Map.of())).isEqualTo(1);
        assertThatThrownBy(() -> segments.savedSegments().update(saved.id(), 1, "Again", null, "custom", beijing, "tess"))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> segments.get(saved.segmentId()).validate(Map.of("filter", Map.of("all", java.util.List.of()))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is set by the saved segment Beijing");
        assertThatThrownBy(() -> segments.get("saved:999")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("saved:" + saved.id() + " (Beijing)");

        segments.savedSegments().delete(saved.id());
        assertThat(segments.saved()).isEmpty();
    }
}
