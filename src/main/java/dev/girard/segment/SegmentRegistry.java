package dev.girard.segment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.girard.core.InvalidInputException;
import dev.girard.customer.CustomerStore;

/** The segments a campaign can name. */
public final class SegmentRegistry {
    private final Map<String, Segment> segments = new LinkedHashMap<>();

    public SegmentRegistry(CustomerStore customers, int pageSize) {
        register(new EveryoneWithEmail(customers, pageSize));
        register(new BirthdayToday(customers, pageSize));
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
}
