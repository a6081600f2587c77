package io.synthstream.generator.models;

import io.synthstream.contracts.artifacts.ArtifactAssembler;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The announced versions the follower may still load, and their artifacts' chunks as they arrive; which are
 * never to be loaded (older than the kept ones, retired, refused), so that their chunks are dropped on arrival
 * and replaying a long history needs memory for about {@code keep} artifacts per model. Not thread-safe; the
 * follower's thread only.
 */
final class PendingVersions {
    private final int keep;
    private final ArtifactAssembler assembler = new ArtifactAssembler();
    /** Announced versions not loaded yet (most waiting for chunks), per model by version. */
    private final Map<String, TreeMap<Long, ModelVersionPublished>> pending = new HashMap<>();
    /** Versions never to load: their chunks are dropped on arrival. */
    private final Set<String> skipped = new HashSet<>();

    PendingVersions(int keep) {
        this.keep = keep;
    }

    /** A chunk of {@code model/version}'s artifact: kept unless that version will never be loaded. */
    void chunk(String versionKey, ConsumerRecord<String, byte[]> record) {
        if (!skipped.contains(versionKey)) assembler.accept(record);
    }

    /**
     * A version announced. While replaying, anything older than the newest {@code keep} + 2 announced versions will
     * never be loaded (but for the version the rollout pins live): its chunks are forgotten now.
     */
    void announced(ModelVersionPublished e, Long pinned) {
        TreeMap<Long, ModelVersionPublished> versions = pending.computeIfAbsent(e.modelName(), k -> new TreeMap<>());
        versions.put(e.version(), e);
        while (versions.size() - (pinned != null && versions.containsKey(pinned) ? 1 : 0) > keep + 2) {
            long oldest = versions.firstKey();
            skip(versions.remove(pinned != null && oldest == pinned ? versions.higherKey(oldest) : oldest));
        }
    }

    /** A tombstone retired the version: never loaded (its event may have come before it while replaying). */
    void retired(ModelVersionPublished.VersionRef v) {
        TreeMap<Long, ModelVersionPublished> versions = pending.get(v.modelName());
        ModelVersionPublished e = versions == null ? null : versions.remove(v.version());
        if (e != null) skip(e);
        else skipped.add(ModelVersionPublished.key(v.modelName(), v.version()));
    }

    boolean contains(String model, long version) {
        TreeMap<Long, ModelVersionPublished> versions = pending.get(model);
        return versions != null && versions.containsKey(version);
    }

    int models() {
        return pending.size();
    }

    /**
     * Offers {@code load}, newest first, every version whose chunks are all here, until {@code keep} of a model are
     * kept (a refused one makes room for an older one); older ones, and those older than what the registry keeps,
     * are dropped. The version the rollout pins is offered whatever its age and counts only among the newest.
     *
     * @param load loads a version (its artifact from {@link #artifact}); true if the registry kept it
     */
    void loadReady(ModelRegistry registry, Predicate<ModelVersionPublished> load) {
        for (var entry : pending.entrySet()) {
            TreeMap<Long, ModelVersionPublished> versions = entry.getValue();
            List<ModelVersionPublished> candidates = new ArrayList<>(versions.values());
            candidates.sort(Comparator.comparingLong(ModelVersionPublished::version).reversed());
            Long pinned = registry.pinnedVersion(entry.getKey());
            int loaded = 0;
            for (ModelVersionPublished e : candidates) {
                boolean isPinned = pinned != null && e.version() == pinned;
                if (!isPinned && (loaded >= keep || olderThanKept(registry, e))) {
                    versions.remove(e.version());
                    skip(e);
                    continue;
                }
                if (!assembler.isComplete(e.modelName(), e.version(), e.artifact())) continue;
                versions.remove(e.version());
                if (load.test(e) && (!isPinned || loaded < keep)) loaded++;
            }
        }
    }

    private boolean olderThanKept(ModelRegistry registry, ModelVersionPublished e) {
        List<Long> kept = registry.loadedVersions().getOrDefault(e.modelName(), List.of());
        return kept.size() >= keep && e.version() < kept.get(0);
    }

    /** The artifact of a version {@link #loadReady} offered (its chunks are then forgotten). */
    byte[] artifact(ModelVersionPublished e) {
        byte[] onnx = assembler.assemble(e.modelName(), e.version(), e.artifact()).orElseThrow();
        assembler.forget(e.modelName(), e.version(), e.artifact().kind());
        return onnx;
    }

    /** Never to be loaded here: its chunks are forgotten and dropped from now on. */
    void skip(ModelVersionPublished e) {
        skipped.add(e.key());
        if (e.artifact() != null) assembler.forget(e.modelName(), e.version(), e.artifact().kind());
        if (e.preview() != null) assembler.forget(e.modelName(), e.version(), e.preview().kind());
    }
}
