package dev.girard.segment;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.InvalidInputException;
import dev.girard.db.Dialect;

/** The segments a campaign can name: the built-ins, "custom" (a filter tree) and the saved ones (saved:ID). */
public final class SegmentRegistry {
    /** How many members a preview shows. */
    public static final int SAMPLE_SIZE = 20;

    /** A field a filter tree can test, with its operators, for the segment builder and the API. */
    public record FilterField(String name, String type, List<String> operators, String doc) {
    }

    private final Map<String, Segment> segments = new LinkedHashMap<>();
    private final SavedSegments saved;

    public SegmentRegistry(Jdbi jdbi, Dialect dialect, int pageSize) {
        this(jdbi, dialect, pageSize, Clock.systemUTC());
    }

    public SegmentRegistry(Jdbi jdbi, Dialect dialect, int pageSize, Clock clock) {
        this.saved = new SavedSegments(jdbi, clock, this::builtIn);
        SegmentSql sql = SegmentSql.of(jdbi, dialect, pageSize);
        register(Reachable.withEmail(sql));
        register(Reachable.onAnyChannel(sql));
        register(Reachable.smsOptIn(sql));
        register(new BirthdayToday(sql));
        register(new PurchaseAnniversary(sql));
        register(new DateAnniversary(sql));
        register(new HolidayToday(sql));
        register(RecentPurchases.thankYou(sql));
        register(RecentPurchases.afterSale(sql));
        register(Lapsed.againstOwnRhythm(sql));
        register(Lapsed.lost(sql));
        register(ValueTier.topSpenders(sql));
        register(ValueTier.rfm(sql));
        register(new SpendMilestone(sql));
        register(new CrossSell(sql));
        register(new CustomFilter(sql));
    }

    private void register(Segment segment) {
        segments.put(segment.id(), segment);
    }

    /** @throws InvalidInputException naming the segment and listing the known ones */
    public Segment get(String id) {
        if (id != null && id.startsWith(SavedSegments.PREFIX)) {
            return savedSegment(id);
        }
        return builtIn(id);
    }

    private Segment savedSegment(String id) {
        String number = id.substring(SavedSegments.PREFIX.length());
        SavedSegments.Definition definition = number.matches("\\d{1,18}")
                ? saved.find(Long.parseLong(number)).orElse(null) : null;
        if (definition == null) {
            throw new InvalidInputException("segment", id, "is not a saved segment; saved segments: "
                    + String.join(", ", saved.list().stream().map(d -> d.segmentId() + " (" + d.name() + ")").toList()));
        }
        return new SavedSegment(definition, builtIn(definition.base()));
    }

    private Segment builtIn(String id) {
        Segment segment = segments.get(id);
        if (segment == null) {
            throw new InvalidInputException("segment", id, "is not a segment; known segments: "
                    + String.join(", ", segments.keySet()));
        }
        return segment;
    }

    /** The built-in segments. */
    public List<Segment> all() {
        return List.copyOf(segments.values());
    }

    /** The saved segments, by name. */
    public List<SavedSegment> saved() {
        return saved.list().stream().map(d -> new SavedSegment(d, builtIn(d.base()))).toList();
    }

    /** Saving, editing and deleting saved segments. */
    public SavedSegments savedSegments() {
        return saved;
    }

    /** The fields a filter tree can test, in the order the guide lists them. */
    public static List<FilterField> filterFields() {
        return FilterCompiler.FIELDS.values().stream().map(f -> new FilterField(f.name(),
                f.type().name().toLowerCase(java.util.Locale.ROOT), FilterCompiler.operators(f.type()), f.doc())).toList();
    }

    /**
     * The count and first members of a segment with these parameters at a moment, after checking them.
     *
     * @throws InvalidInputException naming the segment or parameter at fault
     */
    public SegmentPreview preview(String id, Map<String, Object> params, Instant at, ZoneId campaignZone,
            ZoneId defaultCustomerZone) {
        Segment segment = get(id);
        segment.validate(params);
        return segment.preview(new SegmentContext(at, campaignZone, defaultCustomerZone, params), SAMPLE_SIZE);
    }
}
