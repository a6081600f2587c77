package io.synthstream.generator.requests;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.GenerationRequestReader;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelLease;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.samples.RecordSizes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Turns a request record ({@link ParsedRequest}) into a {@link PlannedRequest}, or into the reason it goes to the dead-letter
 * topic: a payload that {@link GenerationRequestReader} refuses (not JSON, an unknown field, a wrong type, another
 * type or schema version), a key that is not its requestId, invalid fields, unknown model or version, labels the
 * model does not have, a format the version does not serve (images of a tabular version, rows of an image one), a reply
 * topic outside the allowed prefix.
 */
public final class RequestPlanner {
    /**
     * Either a plan or a dead-letter reason. A refused request is also told on its reply path: {@code replyTopic} is
     * its replyTo where that is a reply topic that exists, else the samples topic; {@code requestId} is the payload's
     * (null where unreadable).
     */
    public record Outcome(PlannedRequest plan, String deadLetterReason, String replyTopic, String requestId) {
    }

    private final ModelRegistry registry;
    private final int maxCount;
    private final long maxRequestBytes;
    private final OutputTopics outputTopics;

    /**
     * @param maxRequestBytes the most payload bytes one request's answer may take
     */
    public RequestPlanner(ModelRegistry registry, int maxCount, long maxRequestBytes, OutputTopics outputTopics) {
        this.registry = registry;
        this.maxCount = maxCount;
        this.maxRequestBytes = maxRequestBytes;
        this.outputTopics = outputTopics;
    }

    /**
     * @param producedAtMillis the request record's timestamp, for the latency metric
     * @param requestPartition the request's partition, which picks the answer's partition
     */
    public Outcome plan(String key, ParsedRequest parsed, long producedAtMillis, int requestPartition) {
        GenerationRequested r = parsed.request();
        if (r == null) return new Outcome(null, parsed.malformation(), replyPath(parsed.address().replyTo()), parsed.address().requestId());
        String topic = r.replyTo() != null ? r.replyTo() : Topics.GENERATE_SAMPLES;
        String replyPath = replyPath(r.replyTo());
        boolean topicExists = replyPath.equals(topic) && outputTopics.partitions(topic).isPresent(); // cached
        String wrongKey = GenerationRequestReader.keyProblem(key, r);
        if (wrongKey != null) return dead(wrongKey, replyPath, r);
        List<String> problems = r.problems(maxCount);
        if (!problems.isEmpty()) return dead("invalid request: " + String.join("; ", problems), replyPath, r);
        if (!topicExists) return dead("reply topic '" + topic + "' does not exist", replyPath, r);
        var leased = registry.lease(r.model(), r.version(), r.requestId());
        if (leased.isEmpty()) {
            if (registry.liveVersion(r.model()).isEmpty()) return dead("unknown model '" + r.model() + "'", topic, r);
            return dead("version " + r.version() + " of '" + r.model() + "' is not available (kept: "
                    + registry.loadedVersions().get(r.model()) + ")", topic, r);
        }
        // released on every way out but the plan, which takes the lease over (an error describing the topic retries the batch)
        try (ModelLease lease = leased.get()) {
            LoadedGenerator g = lease.generator();
            int[] labels;
            try {
                labels = r.resolveLabels(g.numClasses());
            } catch (IllegalArgumentException e) {
                return dead("invalid labels: " + e.getMessage(), topic, r);
            }
            SampleFormat format = g.format(r);
            if (!format.servesVersion(g.servesRows())) return dead(formatNotServed(format, g), topic, r);
            int maxRecordBytes = outputTopics.maxRecordBytes(topic);
            int fitting = RecordSizes.samplesThatFit(format, g, r.requestId(), maxRecordBytes);
            if (fitting < 1) return dead(tooLarge(format, g, topic, maxRecordBytes), topic, r);
            long answerBytes = RecordSizes.answerBytes(labels.length, format, g);
            if (answerBytes > maxRequestBytes) {
                return dead(String.format(Locale.ROOT, "%,d %s samples of '%s' take up to %,d bytes; one request may ask for at most %,d "
                        + "(synthstream.generator.max-request-bytes): ask in several requests", labels.length, format,
                        g.modelName(), answerBytes, maxRequestBytes), topic, r);
            }
            long seed = r.seed() != null ? r.seed() : ThreadLocalRandom.current().nextLong();
            int partition = outputTopics.partitionFor(topic, requestPartition);
            // the batcher applies samples-per-record too
            return new Outcome(new PlannedRequest(r, lease.handOver(), labels, seed, topic, partition, producedAtMillis, fitting), null, null, null);
        }
    }

    /**
     * Where a request's client waits: its replyTo when that is a reply topic that exists, else the samples topic. A
     * refusal is told there too; no other topic is ever written to.
     */
    public String replyPath(String replyTo) {
        return replyTo != null && GenerationRequested.isReplyTopic(replyTo) && outputTopics.partitions(replyTo).isPresent()
                ? replyTo : Topics.GENERATE_SAMPLES;
    }

    private static String tooLarge(SampleFormat format, LoadedGenerator g, String topic, int maxRecordBytes) {
        var shape = g.event().contract().sampleShape();
        return String.format(Locale.ROOT, "one %s sample of '%s' (shape %s, up to %,d bytes) does not fit in a record on '%s', which takes at most %,d bytes "
                        + "(the smaller of the topic's max.message.bytes and the producer's max.request.size)", format, g.modelName(),
                shape.stream().map(String::valueOf).collect(Collectors.joining("×")), g.payloadBytesPerSample(format) + g.fixedPayloadBytes(format),
                topic, maxRecordBytes);
    }

    /** Why a version does not answer in that format: a tabular version answers in rows, an image version in images. */
    static String formatNotServed(SampleFormat format, LoadedGenerator g) {
        return format.notServedBy("'" + g.modelName() + "' v" + g.version(), g.servesRows());
    }

    private static Outcome dead(String reason, String replyTopic, GenerationRequested r) {
        return new Outcome(null, reason, replyTopic, r.requestId());
    }
}
