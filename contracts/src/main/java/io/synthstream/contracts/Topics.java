package io.synthstream.contracts;

import java.util.List;
import java.util.Map;

/**
 * Every Kafka topic of synthstream, with the configuration the services create it with.
 * The services create missing topics with these specs at start (admin calls); k8s KafkaTopic
 * resources must carry the same values (see docs/events.md).
 */
public final class Topics {
    public static final String TRAINING_JOBS = "synthstream.training.jobs";
    public static final String TRAINING_PROGRESS = "synthstream.training.progress";
    public static final String MODELS = "synthstream.models";
    public static final String MODEL_ARTIFACTS = "synthstream.models.artifacts";
    public static final String MODEL_ROLLOUT = "synthstream.models.rollout";
    public static final String GENERATE_REQUESTS = "synthstream.generate.requests";
    public static final String GENERATE_SAMPLES = "synthstream.generate.samples";
    public static final String GENERATE_DLQ = "synthstream.generate.dlq";
    /** Reply topics named in requests must start with this prefix (and be created by their owner). */
    public static final String REPLY_TOPIC_PREFIX = "synthstream.generate.replies.";
    /** Partitions of the request topic: the most generator instances that can share the load. */
    public static final int REQUEST_PARTITIONS = 4;

    /** Chunks are at most this many payload bytes, so a record with headers stays under 512 KiB. */
    public static final int ARTIFACT_CHUNK_BYTES = 512 * 1024 - 4096;
    /** Broker-side ceiling for records of the artifact topic (a chunk plus headers fits easily). */
    public static final int ARTIFACT_MAX_MESSAGE_BYTES = 1024 * 1024;

    private Topics() {
    }

    public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    }

    /** Topic specs. Model topics are compacted and never expire: a new generator rebuilds every version from them. */
    public static List<TopicSpec> all() {
        return List.of(
                new TopicSpec(TRAINING_JOBS, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(7L * 24 * 3600 * 1000))),
                new TopicSpec(TRAINING_PROGRESS, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(7L * 24 * 3600 * 1000))),
                new TopicSpec(MODELS, 1, Map.of(
                        "cleanup.policy", "compact",
                        "retention.ms", "-1",
                        "min.compaction.lag.ms", "0")),
                new TopicSpec(MODEL_ARTIFACTS, 1, Map.of(
                        "cleanup.policy", "compact",
                        "retention.ms", "-1",
                        "max.message.bytes", String.valueOf(ARTIFACT_MAX_MESSAGE_BYTES))),
                new TopicSpec(MODEL_ROLLOUT, 1, Map.of(
                        "cleanup.policy", "compact",
                        "retention.ms", "-1")),
                new TopicSpec(GENERATE_REQUESTS, REQUEST_PARTITIONS, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(24L * 3600 * 1000))),
                new TopicSpec(GENERATE_SAMPLES, REQUEST_PARTITIONS, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(24L * 3600 * 1000),
                        "max.message.bytes", String.valueOf(ARTIFACT_MAX_MESSAGE_BYTES))),
                new TopicSpec(GENERATE_DLQ, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", String.valueOf(7L * 24 * 3600 * 1000))));
    }
}
