package dev.girard.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who a campaign contacts, and under which occurrence key. The key makes a campaign idempotent:
 * one delivery per customer per key, however often the campaign fires.
 */
public interface Segment {
    String id();

    /** One sentence for marketers. */
    String description();

    /** The parameters this segment takes, with their meaning, for documentation and the API. */
    Map<String, String> parameters();

    /** @throws dev.girard.core.InvalidInputException naming the parameter that is wrong */
    void validate(Map<String, Object> params);

    /** A label for one run at this moment, e.g. 2026-12 for a monthly card. */
    String runKey(SegmentContext context);

    /** Streams the members in a stable order; never holds the whole audience in memory. */
    void forEachMember(SegmentContext context, Consumer<Member> consumer);

    /** The number of members at this moment and the first {@code sampleSize} of them. */
    default SegmentPreview preview(SegmentContext context, int sampleSize) {
        List<Member> sample = new ArrayList<>();
        long[] count = {0};
        forEachMember(context, m -> {
            if (count[0]++ < sampleSize) {
                sample.add(m);
            }
        });
        return new SegmentPreview(id(), runKey(context), count[0], sample);
    }
}
