package dev.girard.segment;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jdbi.v3.core.Jdbi;

import dev.girard.core.InvalidInputException;
import dev.girard.db.Dialect;

/** The segments a campaign can name: the built-ins and "custom" (a filter tree). */
public final class SegmentRegistry {
    /** How many members a preview shows. */
    public static final int SAMPLE_SIZE = 20;

    private final Map<String, Segment> segments = new LinkedHashMap<>();

    public SegmentRegistry(Jdbi jdbi, Dialect dialect, int pageSize) {
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
        Segment segment = segments.get(id);
        if (segment == null) {
            throw new InvalidInputException("segment", id, "is not a segment; known segments: "
                    + String.join(", ", segments.keySet()));
        }
        return segment;
    }

    public List<Segment> all() {
        return List.copyOf(segments.values());
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
