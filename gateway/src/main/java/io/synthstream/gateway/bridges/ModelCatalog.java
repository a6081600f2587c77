package io.synthstream.gateway.bridges;

import io.synthstream.contracts.artifacts.ArtifactKind;
import io.synthstream.contracts.artifacts.ArtifactAssembler;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.rollout.LiveVersionRule;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The gateway's view of models, rebuilt from Kafka at start: every published version with its
 * metrics, preview PNGs (assembled from their chunks), and each model's rollout policy. Benchmark copies
 * ({@link ModelVersionPublished#BENCH_MODEL_PREFIX}) are left out: the API, the UI and generation through the gateway never see them.
 */
@ApplicationScoped
public class ModelCatalog {
    private static final Logger LOG = Logger.getLogger(ModelCatalog.class);

    private final Map<String, TreeMap<Long, ModelVersionPublished>> versions = new ConcurrentHashMap<>();
    private final Map<String, ModelRolloutChanged> policies = new ConcurrentHashMap<>();
    private final Map<String, byte[]> previews = new ConcurrentHashMap<>();
    private final ArtifactAssembler assembler = new ArtifactAssembler();

    @Incoming("models-in")
    public void version(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            ModelVersionPublished.ofKey(r.key()).ifPresent(this::retired);
            return;
        }
        try {
            ModelVersionPublished e = EventJson.fromBytes(r.value(), ModelVersionPublished.class);
            if (ModelVersionPublished.isBenchModel(e.modelName())) return; // a benchmark's copy: no client should choose it
            versions.compute(e.modelName(), (k, v) -> {
                TreeMap<Long, ModelVersionPublished> copy = v == null ? new TreeMap<>() : new TreeMap<>(v);
                copy.put(e.version(), e);
                return copy;
            });
            assemblePreview(e);
        } catch (MalformedEventException ex) {
            LOG.warnf("ignoring malformed model event %s: %s", r.key(), ex.getMessage());
        }
    }

    /** A tombstone retired the version from the model topics (or this gateway just wrote one): it is no longer listed. */
    public void retired(ModelVersionPublished.VersionRef v) {
        versions.computeIfPresent(v.modelName(), (k, old) -> {
            TreeMap<Long, ModelVersionPublished> copy = new TreeMap<>(old);
            copy.remove(v.version());
            return copy.isEmpty() ? null : copy;
        });
        previews.remove(ModelVersionPublished.key(v.modelName(), v.version()));
    }

    @Incoming("previews-in")
    public synchronized void chunk(ConsumerRecord<String, byte[]> r) {
        if (!ArtifactKind.PREVIEW_PNG.isKindOf(r)) return;
        assembler.accept(r);
        versions.values().forEach(v -> v.values().forEach(this::assemblePreview));
    }

    private synchronized void assemblePreview(ModelVersionPublished e) {
        if (e.preview() == null || previews.containsKey(e.key())) return;
        try {
            assembler.assemble(e.modelName(), e.version(), e.preview()).ifPresent(png -> {
                previews.put(e.key(), png);
                assembler.forget(e.modelName(), e.version(), e.preview().kind());
            });
        } catch (ArtifactAssembler.CorruptArtifactException ex) {
            LOG.warnf("preview of %s is corrupt: %s", e.key(), ex.getMessage());
        }
    }

    /** Records a policy (from Kafka, or one this instance has just written there). */
    public void rollout(ModelRolloutChanged p) {
        policies.merge(p.modelName(), p, (old, now) -> now.at() != null && old.at() != null && now.at().isBefore(old.at()) ? old : now);
    }

    @Incoming("rollout-in")
    public void rollout(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) { // a tombstone: no policy, the newest version is live (as the generators do)
            if (r.key() != null) policies.remove(r.key());
            return;
        }
        try {
            rollout(EventJson.fromBytes(r.value(), ModelRolloutChanged.class));
        } catch (MalformedEventException ex) {
            LOG.warnf("ignoring malformed rollout event %s: %s", r.key(), ex.getMessage());
        }
    }

    public boolean isEmpty() {
        return versions.isEmpty();
    }

    public List<String> names() {
        return versions.keySet().stream().sorted().toList();
    }

    /** Versions of a model, ascending. */
    public List<ModelVersionPublished> versions(String model) {
        TreeMap<Long, ModelVersionPublished> v = versions.get(model);
        return v == null ? List.of() : List.copyOf(v.values());
    }

    public Optional<ModelVersionPublished> version(String model, long version) {
        TreeMap<Long, ModelVersionPublished> v = versions.get(model);
        return v == null ? Optional.empty() : Optional.ofNullable(v.get(version));
    }

    public Optional<ModelRolloutChanged> policy(String model) {
        return Optional.ofNullable(policies.get(model));
    }

    /** The live version as the generators resolve it: the policy's pin when set, else the newest. */
    public Optional<Long> liveVersion(String model) {
        TreeMap<Long, ModelVersionPublished> v = versions.get(model);
        return v == null ? Optional.empty() : LiveVersionRule.live(policies.get(model), v);
    }

    /**
     * The version a request for that model targets: the one it names, else the live one as the generators resolve it
     * ({@link #liveVersion}); empty for an unknown model or version.
     */
    public Optional<ModelVersionPublished> target(String model, Long version) {
        return version != null ? version(model, version) : liveVersion(model).flatMap(v -> version(model, v));
    }

    /** The canary version, if the model is in canary mode and a newer version than the live one exists. */
    public Optional<Long> canaryVersion(String model) {
        TreeMap<Long, ModelVersionPublished> v = versions.get(model);
        ModelRolloutChanged p = policies.get(model);
        Optional<Long> live = liveVersion(model);
        if (v == null || p == null || !p.canary() || live.isEmpty() || v.lastKey() <= live.get()) return Optional.empty();
        return Optional.of(v.lastKey());
    }

    public Optional<byte[]> preview(String model, long version) {
        return Optional.ofNullable(previews.get(ModelVersionPublished.key(model, version)));
    }
}
