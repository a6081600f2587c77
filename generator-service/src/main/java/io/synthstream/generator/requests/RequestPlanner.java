package io.synthstream.generator.requests;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelRegistry;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a request record into a {@link PlannedRequest}, or into the reason it goes to the dead-letter
 * topic: bad JSON, invalid fields, unknown model or version, labels the model does not have, a reply
 * topic outside the allowed prefix.
 */
public final class RequestPlanner {
    /** Either a plan or a dead-letter reason. */
    public record Outcome(PlannedRequest plan, String deadLetterReason) {
    }

    private final ModelRegistry registry;
    private final int maxCount;
    private final OutputTopics outputTopics;

    public RequestPlanner(ModelRegistry registry, int maxCount, OutputTopics outputTopics) {
        this.registry = registry;
        this.maxCount = maxCount;
        this.outputTopics = outputTopics;
    }

    /**
     * @param producedAtMillis the request record's timestamp, for the latency metric
     * @param requestPartition the request's partition, which picks the answer's partition
     */
    public Outcome plan(byte[] payload, long producedAtMillis, int requestPartition) {
        GenerationRequested r;
        try {
            r = EventJson.fromBytes(payload, GenerationRequested.class);
        } catch (MalformedEventException e) {
            return dead(e.getMessage());
        }
        List<String> problems = r.problems(maxCount);
        if (!problems.isEmpty()) return dead("invalid request: " + String.join("; ", problems));
        String topic = r.replyTo() != null ? r.replyTo() : Topics.GENERATE_SAMPLES;
        if (outputTopics.partitions(topic).isEmpty()) return dead("reply topic '" + topic + "' does not exist");
        var acquired = registry.acquire(r.model(), r.version(), r.requestId());
        if (acquired.isEmpty()) {
            if (registry.liveVersion(r.model()).isEmpty()) return dead("unknown model '" + r.model() + "'");
            return dead("version " + r.version() + " of '" + r.model() + "' is not available (kept: "
                    + registry.loadedVersions().get(r.model()) + ")");
        }
        LoadedGenerator g = acquired.get();
        try {
            int[] labels = r.resolveLabels(g.numClasses());
            long seed = r.seed() != null ? r.seed() : ThreadLocalRandom.current().nextLong();
            int partition = outputTopics.partitionFor(topic, requestPartition);
            return new Outcome(new PlannedRequest(r, g, labels, seed, topic, partition, producedAtMillis), null);
        } catch (IllegalArgumentException e) {
            g.release();
            return dead("invalid labels: " + e.getMessage());
        }
    }

    private static Outcome dead(String reason) {
        return new Outcome(null, reason);
    }
}
