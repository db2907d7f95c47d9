package dev.girard.segment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.ConflictException;
import dev.girard.core.FieldError;
import dev.girard.core.InvalidInputException;
import dev.girard.core.Json;
import dev.girard.core.NotFoundException;

/**
 * Segments saved under a name: a built-in segment and its parameters (usually {@code custom} with a filter
 * tree). Campaigns name one as {@code saved:<id>}; edits carry the version that was read, like campaigns.
 */
public final class SavedSegments {
    /** The prefix of a saved segment's id where a campaign names it. */
    public static final String PREFIX = "saved:";

    /** One saved segment as stored. */
    public record Definition(long id, String name, String description, String base, Map<String, Object> params,
            int version, Instant createdAt, Instant updatedAt, String updatedBy) {
        public Definition {
            params = params == null ? Map.of() : Map.copyOf(params);
        }

        /** How a campaign names it. */
        public String segmentId() {
            return PREFIX + id;
        }
    }

    private static final String COLUMNS = "id, name, description, base, params, version, created_at, updated_at, updated_by";
    // A new saved segment starts at version 1.
    private static final String INSERT = """
            INSERT INTO saved_segments (name, description, base, params, version, created_at, updated_at, updated_by)
            VALUES (:name, :description, :base, :params, 1, :now, :now, :user)
            """;
    // Replace a saved segment only if nobody changed it since the given version was read.
    private static final String UPDATE = """
            UPDATE saved_segments SET name = :name, description = :description, base = :base, params = :params,
                version = version + 1, updated_at = :now, updated_by = :user
            WHERE id = :id AND version = :version
            """;
    // The campaigns (not archived) that name a saved segment, which keep it from being deleted.
    private static final String USED_BY = """
            SELECT name FROM campaigns WHERE segment = :segment AND status <> 'archived' ORDER BY id
            """;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Function<String, Segment> builtIns;

    /** @param builtIns looks up a built-in segment by id, refusing unknown ones */
    SavedSegments(Jdbi jdbi, Clock clock, Function<String, Segment> builtIns) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.builtIns = builtIns;
    }

    public List<Definition> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM saved_segments ORDER BY name")
                .map((rs, ctx) -> map(rs)).list());
    }

    public Optional<Definition> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM saved_segments WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    public Definition get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("No saved segment " + id));
    }

    /**
     * Saves a new segment after checking it as a campaign would use it.
     *
     * @throws InvalidInputException naming the field at fault (name taken, unknown base, bad filter)
     */
    public Definition create(String name, String description, String base, Map<String, Object> params, String user) {
        check(null, name, description, base, params);
        long id = jdbi.withHandle(h -> h.createUpdate(INSERT).bind("name", name.strip())
                .bind("description", blankToNull(description)).bind("base", base).bind("params", Json.write(params))
                .bind("now", clock.millis()).bind("user", user)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return get(id);
    }

    /**
     * Replaces a saved segment; every campaign that names it uses the new definition from its next run.
     *
     * @throws ConflictException when someone saved it since {@code version} was read
     */
    public Definition update(long id, int version, String name, String description, String base,
            Map<String, Object> params, String user) {
        Definition current = get(id);
        check(current.id(), name, description, base, params);
        int rows = jdbi.withHandle(h -> h.createUpdate(UPDATE).bind("name", name.strip())
                .bind("description", blankToNull(description)).bind("base", base).bind("params", Json.write(params))
                .bind("now", clock.millis()).bind("user", user).bind("id", id).bind("version", version).execute());
        if (rows == 0) {
            throw new ConflictException("Saved segment " + id + " was changed by someone else (now version "
                    + get(id).version() + ", you edited version " + version + "); reload it and apply your change again");
        }
        return get(id);
    }

    /** @throws ConflictException while a campaign (not archived) names it */
    public Definition delete(long id) {
        Definition current = get(id);
        List<String> users = jdbi.withHandle(h -> h.createQuery(USED_BY).bind("segment", current.segmentId())
                .mapTo(String.class).list());
        if (!users.isEmpty()) {
            throw new ConflictException("Saved segment " + current.name() + " is used by " + String.join(", ", users)
                    + "; choose another segment for them (or archive them) first");
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM saved_segments WHERE id = :id").bind("id", id).execute());
        return current;
    }

    private void check(Long id, String name, String description, String base, Map<String, Object> params) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            errors.add(new FieldError("name", name == null ? "" : name, "is required: 1 to 100 characters"));
        } else {
            String wanted = name.strip();
            list().stream().filter(d -> d.name().equalsIgnoreCase(wanted) && (id == null || d.id() != id)).findFirst()
                    .ifPresent(d -> errors.add(new FieldError("name", wanted, "is taken by saved segment " + d.id())));
        }
        if (description != null && description.length() > 500) {
            errors.add(new FieldError("description", "", "is longer than 500 characters"));
        }
        if (base == null || base.isBlank()) {
            errors.add(new FieldError("base", "", "is required: a built-in segment, e.g. custom for a filter tree"));
        } else if (base.startsWith(PREFIX)) {
            errors.add(new FieldError("base", base, "must be a built-in segment, not another saved one"));
        } else {
            try {
                builtIns.apply(base).validate(params);
            } catch (InvalidInputException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Definition map(ResultSet rs) throws SQLException {
        return new Definition(rs.getLong("id"), rs.getString("name"), rs.getString("description"), rs.getString("base"),
                new LinkedHashMap<>(Json.readObject(rs.getString("params"), "params")), rs.getInt("version"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getString("updated_by"));
    }
}
