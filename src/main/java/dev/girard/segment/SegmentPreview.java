package dev.girard.segment;

import java.util.List;

/** How many members a segment has at a moment, and the first few with the values that made them match. */
public record SegmentPreview(String segment, String runKey, long count, List<Member> sample) {
}
