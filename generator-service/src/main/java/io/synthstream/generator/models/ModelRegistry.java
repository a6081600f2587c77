package io.synthstream.generator.models;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.rollout.LiveVersionRule;

/**
 * The generator versions this instance serves: per model, the newest {@code keep} good versions and the one
 * the rollout pins live, if any; the pinned one live, else the newest. Adding a version is an atomic switch;
 * a version pushed out is released and closes once the leases of its batches in flight are closed ({@link ModelLease}).
 */
public final class ModelRegistry {
    private final int keep;
    private final Map<String, TreeMap<Long, LoadedGenerator>> models = new ConcurrentHashMap<>();
    private final Map<String, ModelRolloutChanged> policies = new ConcurrentHashMap<>();
    private final Consumer<LoadedGenerator> onSwap;

    public ModelRegistry(int keep, Consumer<LoadedGenerator> onSwap) {
        if (keep < 1) throw new IllegalArgumentException("keep must be >= 1");
        this.keep = keep;
        this.onSwap = onSwap;
    }

    /**
     * Adds a loaded version; it goes live if it is the model's newest (and no policy pins another). Returns false
     * (and releases it) if it is neither among the newest {@code keep} nor the version the policy pins live.
     */
    public boolean add(LoadedGenerator g) {
        List<LoadedGenerator> retired = new ArrayList<>();
        boolean live;
        synchronized (this) {
            TreeMap<Long, LoadedGenerator> versions = new TreeMap<>(models.getOrDefault(g.modelName(), new TreeMap<>()));
            LoadedGenerator previous = versions.put(g.version(), g);
            if (previous != null) retired.add(previous);
            retired.addAll(trim(g.modelName(), versions));
            live = versions.get(g.version()) == g && live(g.modelName(), versions) == g.version();
            models.put(g.modelName(), versions); // copy-on-write: readers never see a half-updated map
        }
        retired.forEach(LoadedGenerator::release);
        if (live) onSwap.accept(g);
        return !retired.contains(g);
    }

    /**
     * Keeps the newest {@code keep} versions and the one the rollout pins live, removes and returns the others: a
     * rollback must survive the versions published after it (otherwise the next one would push the pinned version
     * out, and with it the rollback).
     */
    private List<LoadedGenerator> trim(String model, TreeMap<Long, LoadedGenerator> versions) {
        Long pinned = pinnedVersion(model);
        List<LoadedGenerator> out = new ArrayList<>();
        int newer = 0;
        for (Long v : new ArrayList<>(versions.descendingKeySet())) {
            if (newer++ < keep || v.equals(pinned)) continue;
            out.add(versions.remove(v));
        }
        return out;
    }

    /** The version the model's rollout policy pins live, or null. */
    public Long pinnedVersion(String model) {
        return LiveVersionRule.pinned(policies.get(model));
    }

    /**
     * Drops a version retired from the model topics: requests pinned to it are refused here as on an instance
     * started later. The model's last loaded version stays: it keeps serving rather than going dark. Returns true
     * if dropped; batches in flight on it finish first (reference count).
     */
    public boolean retire(String model, long version) {
        LoadedGenerator dropped, newLive;
        synchronized (this) {
            TreeMap<Long, LoadedGenerator> current = models.get(model);
            if (current == null || current.size() < 2 || !current.containsKey(version)) return false;
            TreeMap<Long, LoadedGenerator> versions = new TreeMap<>(current);
            dropped = versions.remove(version);
            newLive = newLive(model, live(model, current), versions);
            models.put(model, versions);
        }
        dropped.release();
        if (newLive != null) onSwap.accept(newLive);
        return true;
    }

    /** Records a model's rollout policy (the latest event per model wins); a version it no longer pins may go. */
    public void setPolicy(ModelRolloutChanged policy) {
        applyPolicy(policy.modelName(), policy);
    }

    /**
     * A tombstone on the rollout topic: the model has no policy any more and its newest version answers — as on an
     * instance that starts after compaction removed the key, so that running and starting replicas agree.
     */
    public void clearPolicy(String model) {
        applyPolicy(model, null);
    }

    /** A change of the live version (a rollback, a promote of a held version) is reported as a swap. */
    private void applyPolicy(String model, ModelRolloutChanged policy) {
        List<LoadedGenerator> retired;
        LoadedGenerator newLive;
        synchronized (this) {
            TreeMap<Long, LoadedGenerator> current = models.get(model);
            Long liveBefore = current == null || current.isEmpty() ? null : live(model, current); // live() reads the policy
            if (policy == null) policies.remove(model);
            else policies.put(model, policy);
            if (liveBefore == null) return;
            TreeMap<Long, LoadedGenerator> versions = new TreeMap<>(current);
            retired = trim(model, versions);
            if (!retired.isEmpty()) models.put(model, versions);
            newLive = newLive(model, liveBefore, versions);
        }
        retired.forEach(LoadedGenerator::release);
        if (newLive != null) onSwap.accept(newLive);
    }

    /** The version live in {@code versions} if it is not the one live before (to be told as a swap), else null. */
    private LoadedGenerator newLive(String model, long liveBefore, TreeMap<Long, LoadedGenerator> versions) {
        long after = live(model, versions);
        return after == liveBefore ? null : versions.get(after);
    }

    public Optional<ModelRolloutChanged> policy(String model) {
        return Optional.ofNullable(policies.get(model));
    }

    public Optional<ModelLease> lease(String model, Long version) {
        return lease(model, version, "");
    }

    /**
     * A lease on the version that answers a request, to be closed when done with it: the pinned version if given, else
     * the policy's choice — the live version, or for a canary share of requests (decided by the routing key's hash, so
     * a request is routed the same way on every instance) the newest one.
     */
    public Optional<ModelLease> lease(String model, Long version, String routingKey) {
        for (int attempt = 0; attempt < 3; attempt++) {
            TreeMap<Long, LoadedGenerator> versions = models.get(model);
            if (versions == null || versions.isEmpty()) return Optional.empty();
            LoadedGenerator g = version != null ? versions.get(version) : versions.get(route(model, versions, routingKey));
            if (g == null) return Optional.empty();
            Optional<ModelLease> lease = ModelLease.take(g);
            if (lease.isPresent()) return lease;
            // swapped out and closed between the lookup and the lease: look again
        }
        return Optional.empty();
    }

    /** The version answering unpinned requests (canary aside). */
    public Optional<Long> liveVersion(String model) {
        TreeMap<Long, LoadedGenerator> versions = models.get(model);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(live(model, versions));
    }

    /** versions is never empty here. */
    private long live(String model, TreeMap<Long, LoadedGenerator> versions) {
        return LiveVersionRule.live(policies.get(model), versions).orElseThrow();
    }

    private long route(String model, TreeMap<Long, LoadedGenerator> versions, String routingKey) {
        long live = live(model, versions);
        ModelRolloutChanged p = policies.get(model);
        long newest = versions.lastKey();
        if (p != null && p.canary() && newest > live) {
            double bucket = Math.floorMod(routingKey.hashCode(), 10_000) / 10_000.0;
            if (bucket < p.share()) return newest;
        }
        return live;
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

    /** model → the version answering its unpinned requests here (canary aside). */
    public Map<String, Long> liveVersions() {
        Map<String, Long> out = new TreeMap<>();
        models.forEach((m, v) -> {
            if (!v.isEmpty()) out.put(m, live(m, v));
        });
        return out;
    }

    /**
     * model → why its pin is not honoured here: the rollout pins a version this instance does not hold (refused when
     * it loaded, retired, or not loaded yet during start-up), so the newest answers instead. Shown by readiness, so a
     * rollback that did not take on a replica can be seen rather than guessed from its samples.
     */
    public Map<String, String> pinsNotServed() {
        Map<String, String> out = new TreeMap<>();
        policies.forEach((m, p) -> {
            Long pinned = LiveVersionRule.pinned(p);
            TreeMap<Long, LoadedGenerator> versions = models.get(m);
            if (pinned == null || versions != null && versions.containsKey(pinned)) return;
            out.put(m, "v" + pinned + " is pinned live but not loaded here; "
                    + (versions == null || versions.isEmpty() ? "no version answers" : "v" + live(m, versions) + " answers"));
        });
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
