package io.synthstream.contracts.artifacts;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the model topics hold now, read once from their beginning to their end (read_committed, no consumer
 * group), as a tool or a one-off lookup needs it: the versions still published (a tombstone retires its key),
 * each model's rollout policy, one version's artifact.
 */
public final class ModelTopicSnapshot {
    private ModelTopicSnapshot() {
    }

    /** The versions of a model still on the model topic, by version. */
    public static TreeMap<Long, ModelVersionPublished> versions(KafkaConnection kafka, String model) {
        return all(kafka).getOrDefault(model, new TreeMap<>());
    }

    /** Every model's versions still on the model topic (a tombstone retires its key; malformed events are skipped). */
    public static Map<String, TreeMap<Long, ModelVersionPublished>> all(KafkaConnection kafka) {
        Map<String, ModelVersionPublished> byKey = new HashMap<>();
        readToEnd(kafka, List.of(Topics.MODELS), r -> {
            if (r.value() == null) {
                byKey.remove(r.key());
                return;
            }
            try {
                byKey.put(r.key(), EventJson.fromBytes(r.value(), ModelVersionPublished.class));
            } catch (MalformedEventException notAVersion) {
                // skipped, as the generators skip it
            }
        });
        Map<String, TreeMap<Long, ModelVersionPublished>> out = new TreeMap<>();
        byKey.values().forEach(e -> out.computeIfAbsent(e.modelName(), m -> new TreeMap<>()).put(e.version(), e));
        return out;
    }

    /** The model's rollout policy: the latest event under its key, if any. */
    public static Optional<ModelRolloutChanged> rollout(KafkaConnection kafka, String model) {
        return Optional.ofNullable(rollouts(kafka).get(model));
    }

    /** Every model's rollout policy: the latest event under its key. */
    public static Map<String, ModelRolloutChanged> rollouts(KafkaConnection kafka) {
        Map<String, ModelRolloutChanged> latest = new HashMap<>();
        readToEnd(kafka, List.of(Topics.MODEL_ROLLOUT), r -> {
            if (r.key() == null) return;
            if (r.value() == null) { // a tombstone: no policy (the newest version is live), as the generators read it
                latest.remove(r.key());
                return;
            }
            try {
                latest.put(r.key(), EventJson.fromBytes(r.value(), ModelRolloutChanged.class));
            } catch (MalformedEventException ignored) {
                // and before a malformed event: so does this
            }
        });
        return latest;
    }

    /**
     * One artifact of a published version, rebuilt from the artifact topic and checked against the event's size
     * and sha256; empty when its chunks are no longer all there (retired, compacted). {@code from}: where its
     * chunks start, per partition, if the caller saw them go by (else the topic is read from its beginning); the
     * read stops as soon as every chunk is in, so a known start reads about the artifact's bytes only.
     *
     * @throws ArtifactAssembler.CorruptArtifactException when they are all there but do not match the event
     */
    public static Optional<byte[]> artifact(KafkaConnection kafka, ModelVersionPublished version, ModelVersionPublished.ArtifactRef ref,
                                            Map<TopicPartition, Long> from) {
        ArtifactAssembler assembler = new ArtifactAssembler();
        String model = version.modelName(), number = Long.toString(version.version());
        read(kafka, List.of(Topics.MODEL_ARTIFACTS), from, () -> assembler.isComplete(model, version.version(), ref), r -> {
            // only this artifact's chunks are kept: the topic holds every version of every model
            if (model.equals(EventHeaders.text(r, EventHeaders.MODEL)) && number.equals(EventHeaders.text(r, EventHeaders.VERSION))
                    && ref.kind().equals(EventHeaders.text(r, EventHeaders.ARTIFACT_KIND))) {
                assembler.accept(r);
            }
        });
        return assembler.assemble(model, version.version(), ref);
    }

    /** Every committed record of the topics, from their beginning to their end as of now. */
    public static void readToEnd(KafkaConnection kafka, List<String> topics, Consumer<ConsumerRecord<String, byte[]>> each) {
        read(kafka, topics, Map.of(), () -> false, each);
    }

    /**
     * Committed records of the topics, from the given offsets (the beginning elsewhere, and where an offset is no
     * longer on the log) to their end as of now, or until {@code done}.
     */
    private static void read(KafkaConnection kafka, List<String> topics, Map<TopicPartition, Long> from, BooleanSupplier done,
                             Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> p = kafka.clientConfig(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * Topics.ARTIFACT_MAX_MESSAGE_BYTES));
        try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) c.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            from.forEach((tp, offset) -> {
                if (parts.contains(tp)) c.seek(tp, offset);
            });
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (!done.getAsBoolean() && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
