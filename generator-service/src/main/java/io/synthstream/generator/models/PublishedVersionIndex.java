package io.synthstream.generator.models;

import io.synthstream.contracts.events.ModelVersionPublished;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What the model topics hold, as the follower reads them: every version published and not retired (events
 * only), and where each version's chunks start on the artifact topic — so that a version the rollout pins
 * after its chunks were dropped here is read again from there, not from the topic's beginning. Small: an
 * event and an offset per version. Not thread-safe; the follower's thread only.
 */
final class PublishedVersionIndex {
    private final Map<String, TreeMap<Long, ModelVersionPublished>> published = new HashMap<>();
    /** model/version → partition → offset of its first chunk seen. */
    private final Map<String, Map<TopicPartition, Long>> chunksFrom = new HashMap<>();

    void published(ModelVersionPublished e) {
        published.computeIfAbsent(e.modelName(), k -> new TreeMap<>()).put(e.version(), e);
    }

    /** A chunk of {@code model/version} went by (kept or dropped). */
    void chunk(String versionKey, TopicPartition partition, long offset) {
        chunksFrom.computeIfAbsent(versionKey, k -> new HashMap<>()).merge(partition, offset, Math::min);
    }

    void retired(ModelVersionPublished.VersionRef v) {
        TreeMap<Long, ModelVersionPublished> versions = published.get(v.modelName());
        if (versions != null) versions.remove(v.version());
        chunksFrom.remove(ModelVersionPublished.key(v.modelName(), v.version()));
    }

    Optional<ModelVersionPublished> version(String model, long version) {
        return Optional.ofNullable(published.getOrDefault(model, new TreeMap<>()).get(version));
    }

    /** Where the version's chunks start, per partition; empty if none was seen. */
    Map<TopicPartition, Long> chunksFrom(String versionKey) {
        return chunksFrom.getOrDefault(versionKey, Map.of());
    }

    List<String> models() {
        return List.copyOf(published.keySet());
    }
}
