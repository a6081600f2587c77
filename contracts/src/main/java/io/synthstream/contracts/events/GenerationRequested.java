package io.synthstream.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.samples.SampleFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks for synthetic labelled samples. Topic {@code synthstream.generate.requests}, key = requestId.
 * Labels: either {@code labels} (one class per sample, {@code count} of them) or {@code classCounts}
 * (samples per class, summing to {@code count}; its keys are class indices, not class names); neither means balanced
 * (sample i has class i mod classes). {@code format}: a {@link SampleFormat}'s wire name; absent, float32 of an image
 * version, rows-json of a tabular one. Generators and the gateway read it strictly ({@code GenerationRequestReader}).
 * {@code latentScale} (absent: 1) is the standard deviation the latent vectors are drawn with: above 1 widens the
 * samples towards rarer shapes, which trained downstream classifiers better in bench-augmentation (docs/performance.md).
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
        String replyTo,
        // written only when set: a generator older than this field reads strictly and would refuse even a null
        @JsonInclude(JsonInclude.Include.NON_NULL) Double latentScale) implements Event {

    public static final int SCHEMA_VERSION = 1;
    /** The widest latent scale a request may ask for: beyond it a generator draws far outside what it learned. */
    public static final double MAX_LATENT_SCALE = 4.0;

    /** A request with the latents drawn as the generator was trained (scale 1). */
    public GenerationRequested(String requestId, String model, Long version, Integer count, List<Integer> labels, Map<Integer, Integer> classCounts,
                               Long seed, String format, String replyTo) {
        this(requestId, model, version, count, labels, classCounts, seed, format, replyTo, null);
    }

    /** The standard deviation of the latent vectors: 1 when the request does not say. */
    @JsonIgnore
    public double latentScaleOrDefault() {
        return latentScale == null ? 1.0 : latentScale;
    }
    /** Bad labels a reason names one by one; more are counted. */
    static final int MAX_NAMED = 20;

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** Whether a topic may be named in {@code replyTo}: {@code synthstream.generate.replies.<name>}, nothing else. */
    public static boolean isReplyTopic(String topic) {
        return topic.startsWith(Topics.REPLY_TOPIC_PREFIX) && topic.length() > Topics.REPLY_TOPIC_PREFIX.length()
                && topic.matches("[A-Za-z0-9._-]{1,249}");
    }

    /** The format asked for, float32 when none; an {@link IllegalArgumentException} for an unknown one (see {@link #problems}). */
    @JsonIgnore
    public SampleFormat formatOrDefault() {
        return formatOrDefault(false);
    }

    /**
     * The format asked of a version: when none, float32 for an image version and rows-json for a tabular one (the only
     * format it serves); an {@link IllegalArgumentException} for an unknown one.
     */
    @JsonIgnore
    public SampleFormat formatOrDefault(boolean tabularVersion) {
        if (format != null) return SampleFormat.of(format);
        return tabularVersion ? SampleFormat.ROWS_JSON : SampleFormat.FLOAT32;
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
        if (format != null && SampleFormat.named(format).isEmpty()) {
            p.add("format must be one of " + List.of(SampleFormat.values()) + ", got '" + format + "'");
        }
        if (latentScale != null && !(latentScale > 0 && latentScale <= MAX_LATENT_SCALE)) {
            p.add("latentScale must be in (0, " + MAX_LATENT_SCALE + "], got " + latentScale);
        }
        if (replyTo != null && !isReplyTopic(replyTo)) {
            p.add("replyTo must be a topic named " + Topics.REPLY_TOPIC_PREFIX + "<name>, got '" + replyTo + "'");
        }
        if (labels != null && classCounts != null) p.add("give labels or classCounts, not both");
        if (count != null && labels != null && labels.size() != count) {
            p.add("labels has " + labels.size() + " entries for count " + count);
        }
        if (labels != null && labels.stream().anyMatch(java.util.Objects::isNull)) p.add("labels must be class indices, not null");
        if (classCounts != null && count != null) {
            if (classCounts.values().stream().anyMatch(n -> n == null || n < 0)) {
                p.add("classCounts must map class indices to counts >= 0");
            } else if (classCounts.values().stream().mapToLong(Integer::longValue).sum() != count) {
                p.add("classCounts sum to " + classCounts.values().stream().mapToLong(Integer::longValue).sum() + ", not count " + count);
            }
        }
        return p;
    }

    private static String named(List<String> values) {
        return values.size() <= MAX_NAMED ? String.join(", ", values)
                : String.join(", ", values.subList(0, MAX_NAMED)) + " and " + (values.size() - MAX_NAMED) + " more";
    }

    /**
     * The class of every sample, checked against the model's number of classes: every label (or classCounts key) that
     * is not a class index of the model is named, not only the first.
     */
    @JsonIgnore
    public int[] resolveLabels(int numClasses) {
        List<String> bad = new ArrayList<>(); // each value that is no class
        List<String> at = new ArrayList<>(); // and the sample it is for
        if (labels != null) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i) < 0 || labels.get(i) >= numClasses) {
                    bad.add(Integer.toString(labels.get(i)));
                    at.add(Integer.toString(i));
                }
            }
        } else if (classCounts != null) {
            for (int k : new java.util.TreeSet<>(classCounts.keySet())) if (k < 0 || k >= numClasses) bad.add(Integer.toString(k));
        }
        if (!bad.isEmpty()) {
            String what = labels != null ? "label" : "classCounts key";
            String classes = " of " + model + " (it has " + numClasses + ": class indices 0 to " + (numClasses - 1) + ")";
            String samples = at.isEmpty() ? "" : (at.size() == 1 ? ", at sample " : ", at samples ") + named(at);
            throw new IllegalArgumentException(bad.size() == 1 ? what + " " + bad.get(0) + " is not a class" + classes + samples
                    : what + "s " + named(bad) + " are not classes" + classes + samples);
        }
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
        return out;
    }
}
