package dev.girard.segment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.girard.core.InvalidInputException;

/**
 * A saved segment as a campaign uses it: its built-in segment with the saved parameters, plus the parameters
 * the campaign adds (such as localHour); a campaign cannot override what the saved segment fixes.
 */
public final class SavedSegment implements Segment {
    private final SavedSegments.Definition definition;
    private final Segment base;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    SavedSegment(SavedSegments.Definition definition, Segment base) {
        this.definition = definition;
        this.base = base;
        base.parameters().forEach((name, doc) -> {
            if (!definition.params().containsKey(name)) {
                parameters.put(name, doc);
            }
        });
    }

    public SavedSegments.Definition definition() {
        return definition;
    }

    @Override
    public String id() {
        return definition.segmentId();
    }

    @Override
    public String description() {
        String about = definition.description() == null ? "" : ": " + definition.description();
        return definition.name() + about + " (saved, based on " + base.id() + ")";
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public void validate(Map<String, Object> params) {
        for (String key : (params == null ? Map.<String, Object>of() : params).keySet()) {
            if (definition.params().containsKey(key)) {
                throw new InvalidInputException("segmentParams." + key, "", "is set by the saved segment "
                        + definition.name() + "; edit the saved segment to change it");
            }
        }
        base.validate(merged(params));
    }

    @Override
    public String runKey(SegmentContext context) {
        return base.runKey(withSaved(context));
    }

    @Override
    public void forEachMember(SegmentContext context, Consumer<Member> consumer) {
        base.forEachMember(withSaved(context), consumer);
    }

    @Override
    public SegmentPreview preview(SegmentContext context, int sampleSize) {
        SegmentPreview preview = base.preview(withSaved(context), sampleSize);
        return new SegmentPreview(id(), preview.runKey(), preview.count(), preview.sample());
    }

    private SegmentContext withSaved(SegmentContext context) {
        return new SegmentContext(context.at(), context.campaignZone(), context.defaultCustomerZone(),
                merged(context.params()));
    }

    private Map<String, Object> merged(Map<String, Object> params) {
        Map<String, Object> merged = new LinkedHashMap<>(definition.params());
        if (params != null) {
            params.forEach(merged::putIfAbsent);
        }
        return merged;
    }
}
