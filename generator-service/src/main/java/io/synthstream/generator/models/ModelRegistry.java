package io.synthstream.generator.models;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The generator versions this instance serves: per model, the newest {@code keep} good versions, the
 * newest of them live. Adding a version is an atomic switch; a version pushed out is released and
 * closes once its batches in flight have finished.
 */
public final class ModelRegistry {
    private final int keep;
    private final Map<String, TreeMap<Long, LoadedGenerator>> models = new ConcurrentHashMap<>();
    private final Consumer<LoadedGenerator> onSwap;

    public ModelRegistry(int keep, Consumer<LoadedGenerator> onSwap) {
        if (keep < 1) throw new IllegalArgumentException("keep must be >= 1");
        this.keep = keep;
        this.onSwap = onSwap;
    }

    /** Adds a loaded version; it goes live if it is the model's newest. Returns false (and releases it) if it is older than all kept. */
    public boolean add(LoadedGenerator g) {
        List<LoadedGenerator> retired = new ArrayList<>();
        boolean live;
        synchronized (this) {
            TreeMap<Long, LoadedGenerator> versions = new TreeMap<>(models.getOrDefault(g.modelName(), new TreeMap<>()));
            LoadedGenerator previous = versions.put(g.version(), g);
            if (previous != null) retired.add(previous);
            while (versions.size() > keep) retired.add(versions.pollFirstEntry().getValue());
            live = versions.lastEntry().getValue() == g;
            models.put(g.modelName(), versions); // copy-on-write: readers never see a half-updated map
        }
        retired.forEach(LoadedGenerator::release);
        if (live) onSwap.accept(g);
        return !retired.contains(g);
    }

    /** The live version of a model, or a kept pinned version, with a reference taken for the caller. */
    public Optional<LoadedGenerator> acquire(String model, Long version) {
        for (int attempt = 0; attempt < 3; attempt++) {
            TreeMap<Long, LoadedGenerator> versions = models.get(model);
            if (versions == null || versions.isEmpty()) return Optional.empty();
            LoadedGenerator g = version == null ? versions.lastEntry().getValue() : versions.get(version);
            if (g == null) return Optional.empty();
            if (g.acquire()) return Optional.of(g);
            // swapped out and closed between the lookup and the acquire: look again
        }
        return Optional.empty();
    }

    public Optional<Long> liveVersion(String model) {
        TreeMap<Long, LoadedGenerator> versions = models.get(model);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastKey());
    }

    public boolean isEmpty() {
        return models.values().stream().allMatch(Map::isEmpty);
    }

    /** model → kept versions, ascending. */
    public Map<String, List<Long>> loadedVersions() {
        Map<String, List<Long>> out = new TreeMap<>();
        models.forEach((m, v) -> out.put(m, new ArrayList<>(v.keySet())));
        return out;
    }

    public int loadedCount() {
        return models.values().stream().mapToInt(Map::size).sum();
    }

    /** Releases every version (shutdown). */
    public synchronized void clear() {
        Collection<TreeMap<Long, LoadedGenerator>> all = new ArrayList<>(models.values());
        models.clear();
        all.forEach(v -> v.values().forEach(LoadedGenerator::release));
    }
}
