package io.synthstream.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.synthstream.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks for synthetic labelled samples. Topic {@code synthstream.generate.requests}, key = requestId.
 * Labels: either {@code labels} (one class per sample, {@code count} of them) or {@code classCounts}
 * (samples per class, summing to {@code count}); neither means balanced (sample i has class i mod classes).
 */
public record GenerationRequested(
        String requestId,
        String model,
        Long version,
        Integer count,
        List<Integer> labels,
        Map<Integer, Integer> classCounts,
        Long seed,
        String format,
        String replyTo) implements Event {

    public static final int SCHEMA_VERSION = 1;
    public static final String FLOAT32 = "float32";
    public static final String UINT8 = "uint8";
    public static final String PNG = "png";
    public static final Set<String> FORMATS = Set.of(FLOAT32, UINT8, PNG);

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @JsonIgnore
    public String formatOrDefault() {
        return format == null ? FLOAT32 : format;
    }

    /**
     * What is wrong with the request, independent of which models exist; empty when valid.
     *
     * @param maxCount the most samples one request may ask for
     */
    @JsonIgnore
    public List<String> problems(int maxCount) {
        List<String> p = new ArrayList<>();
        if (requestId == null || requestId.isBlank()) p.add("requestId is required");
        else if (!requestId.matches("[A-Za-z0-9._:-]{1,128}")) p.add("requestId must match [A-Za-z0-9._:-]{1,128}");
        if (model == null || model.isBlank()) p.add("model is required");
        if (version != null && version < 1) p.add("version must be >= 1, got " + version);
        if (count == null) p.add("count is required");
        else if (count <= 0 || count > maxCount) p.add("count must be in [1, " + maxCount + "], got " + count);
        if (format != null && !FORMATS.contains(format)) p.add("format must be one of " + FORMATS + ", got '" + format + "'");
        if (replyTo != null && !(replyTo.startsWith(Topics.REPLY_TOPIC_PREFIX) && replyTo.length() > Topics.REPLY_TOPIC_PREFIX.length()
                && replyTo.matches("[A-Za-z0-9._-]{1,249}"))) {
            p.add("replyTo must be a topic named " + Topics.REPLY_TOPIC_PREFIX + "<name>, got '" + replyTo + "'");
        }
        if (labels != null && classCounts != null) p.add("give labels or classCounts, not both");
        if (count != null && labels != null && labels.size() != count) {
            p.add("labels has " + labels.size() + " entries for count " + count);
        }
        if (labels != null && labels.stream().anyMatch(l -> l == null || l < 0)) p.add("labels must be class indices >= 0");
        if (classCounts != null && count != null) {
            if (classCounts.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getKey() < 0 || e.getValue() == null || e.getValue() < 0)) {
                p.add("classCounts must map class indices >= 0 to counts >= 0");
            } else if (classCounts.values().stream().mapToLong(Integer::longValue).sum() != count) {
                p.add("classCounts sum to " + classCounts.values().stream().mapToLong(Integer::longValue).sum() + ", not count " + count);
            }
        }
        return p;
    }

    /** The class of every sample, checked against the model's number of classes. */
    @JsonIgnore
    public int[] resolveLabels(int numClasses) {
        int n = count;
        int[] out = new int[n];
        if (labels != null) {
            for (int i = 0; i < n; i++) out[i] = labels.get(i);
        } else if (classCounts != null) {
            int i = 0;
            for (var e : new java.util.TreeMap<>(classCounts).entrySet()) {
                for (int k = 0; k < e.getValue(); k++) out[i++] = e.getKey();
            }
        } else {
            for (int i = 0; i < n; i++) out[i] = i % numClasses;
        }
        for (int l : out) {
            if (l >= numClasses) throw new IllegalArgumentException("label " + l + " is not a class of " + model + " (it has " + numClasses + ")");
        }
        return out;
    }
}
