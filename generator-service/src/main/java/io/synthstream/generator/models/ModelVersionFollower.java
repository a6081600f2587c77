package io.synthstream.generator.models;

import io.synthstream.contracts.artifacts.ArtifactKind;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ArtifactAssembler;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Follows {@code synthstream.models} and {@code synthstream.models.artifacts} from the beginning
 * (read_committed, no consumer group: every instance reads everything). Until it has caught up with
 * the end offsets it saw at start it only collects; then it loads the newest {@code keep} versions of
 * each model, falling back to older ones if a newer one is refused, and the version the rollout pins live
 * (the rollout topic is read first, so that the pinned version's chunks are kept while replaying). After
 * that every new version is loaded beside the live one and swapped in when it passes its checks. A rollout
 * that pins a version this instance no longer holds (pushed out by newer ones) has it read again from the
 * artifact topic and loaded.
 */
public final class ModelVersionFollower implements Runnable, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ModelVersionFollower.class);
    private static final Duration PIN_RETRY = Duration.ofSeconds(10);

    /** What the follower reports; the service turns these into logs and metrics. */
    public interface Listener {
        void refused(String versionKey, String reason);

        void caughtUp();
    }

    private final KafkaConnection kafka;
    private final KafkaConsumer<String, byte[]> consumer;
    private final GeneratorLoader loader;
    private final ModelRegistry registry;
    private final Listener listener;
    private final int keep;
    private final PendingVersions pending;
    /** What a rollout may pin live, and where to read it again. */
    private final PublishedVersionIndex index = new PublishedVersionIndex();
    /** Versions refused once: a pin to one is not tried again (the artifact would be the same). */
    private final Set<String> refused = new HashSet<>();
    /** When to try again to load pinned versions after the artifact topic could not be read (nanoTime). */
    private long pinRetryAt = Long.MAX_VALUE;
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile String failure;

    public ModelVersionFollower(KafkaConnection kafka, GeneratorLoader loader, ModelRegistry registry, int keep, Listener listener) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "synthstream-model-follower-" + UUID.randomUUID());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * Topics.ARTIFACT_MAX_MESSAGE_BYTES);
        this.kafka = kafka;
        this.consumer = new KafkaConsumer<>(kafka.clientConfig(p), new StringDeserializer(), new ByteArrayDeserializer());
        this.loader = loader;
        this.registry = registry;
        this.keep = keep;
        this.pending = new PendingVersions(keep);
        this.listener = listener;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Why the follower stopped for good (this replica no longer sees new versions or rollouts), or null. */
    public String failure() {
        return failure;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> rolloutParts = partitions(Topics.MODEL_ROLLOUT), parts = new ArrayList<>(rolloutParts);
            parts.addAll(partitions(Topics.MODELS));
            parts.addAll(partitions(Topics.MODEL_ARTIFACTS));
            // the policies first (a few records): a version the rollout pins live is kept while the versions are replayed
            consumer.assign(rolloutParts);
            consumer.seekToBeginning(rolloutParts);
            Map<TopicPartition, Long> rolloutEnd = consumer.endOffsets(rolloutParts);
            while (running && rolloutParts.stream().anyMatch(tp -> consumer.position(tp) < rolloutEnd.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(this::rollout);
            }
            Map<TopicPartition, Long> rolloutAt = new HashMap<>();
            rolloutParts.forEach(tp -> rolloutAt.put(tp, consumer.position(tp)));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            rolloutAt.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (Topics.MODEL_ARTIFACTS.equals(r.topic())) chunk(r);
                    else if (Topics.MODEL_ROLLOUT.equals(r.topic())) rollout(r);
                    else announcement(r);
                }
                if (!caughtUp && parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    caughtUp = true;
                    LOG.infof("model topics replayed; loading the newest %d version(s) of %d model(s)", keep, pending.models());
                    loadReady();
                    // a rollout event read while replaying may pin a version whose chunks were dropped before it came
                    index.models().forEach(this::loadPinned);
                    listener.caughtUp();
                } else if (caughtUp) {
                    loadReady();
                    if (System.nanoTime() >= pinRetryAt) {
                        pinRetryAt = Long.MAX_VALUE;
                        index.models().forEach(this::loadPinned);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) throw e;
        } catch (RuntimeException | Error e) {
            failure = e.toString(); // liveness goes down: a replica that silently kept serving old versions is worse
            LOG.error("the model follower stopped", e);
            throw e;
        } finally {
            consumer.close();
        }
    }

    /** The topic's partitions, waiting for the broker as long as it takes (it may be restarting while this replica starts). */
    private List<TopicPartition> partitions(String topic) {
        while (true) {
            try {
                return consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warnf("the partitions of %s could not be read yet (%s): retrying", topic, e.getMessage());
            }
        }
    }

    private void chunk(ConsumerRecord<String, byte[]> r) {
        if (!ArtifactKind.ONNX.isKindOf(r)) return; // previews are the gateway's business
        String model = EventHeaders.text(r, EventHeaders.MODEL), version = EventHeaders.text(r, EventHeaders.VERSION);
        if (model == null || version == null) return;
        String key = model + "/" + version;
        // noted even when the chunks are dropped: a rollout may pin the version later, then they are read again from here
        index.chunk(key, new TopicPartition(r.topic(), r.partition()), r.offset());
        pending.chunk(key, r);
    }

    private void rollout(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            if (r.key() == null) return;
            registry.clearPolicy(r.key());
            LOG.infof("rollout of %s removed (tombstone): the newest version is live", r.key());
            return;
        }
        try {
            ModelRolloutChanged p = EventJson.fromBytes(r.value(), ModelRolloutChanged.class);
            registry.setPolicy(p);
            LOG.infof("rollout of %s: %s, live %s, canary share %s", p.modelName(), p.mode(),
                    p.liveVersion() == null ? "newest" : "v" + p.liveVersion(), p.share());
            if (caughtUp) loadPinned(p.modelName());
        } catch (MalformedEventException ex) {
            LOG.warnf("ignoring a malformed rollout event %s: %s", r.key(), ex.getMessage());
        }
    }

    private void announcement(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            retired(r.key());
            return;
        }
        ModelVersionPublished e;
        try {
            e = EventJson.fromBytes(r.value(), ModelVersionPublished.class);
        } catch (MalformedEventException ex) {
            listener.refused(r.key(), ex.getMessage());
            return;
        }
        if (e.artifact() == null || e.modelName() == null) {
            listener.refused(r.key(), "event without an artifact");
            return;
        }
        index.published(e);
        pending.announced(e, registry.pinnedVersion(e.modelName()));
    }

    /**
     * A tombstone retires a version: not loaded if it is still pending (replaying, its event came before its
     * tombstone), its chunks dropped, and no longer served if loaded (unless it is the model's only version here).
     */
    private void retired(String key) {
        ModelVersionPublished.ofKey(key).ifPresent(v -> {
            index.retired(v);
            pending.retired(v);
            if (registry.retire(v.modelName(), v.version())) {
                LOG.infof("%s retired from the model topics: no longer served here", key);
            } else if (registry.loadedVersions().getOrDefault(v.modelName(), List.of()).contains(v.version())) {
                LOG.warnf("%s retired from the model topics but still served here: it is the only version of %s loaded", key, v.modelName());
            }
        });
    }

    /** Loads, newest first, every pending version whose chunks are all here. */
    private void loadReady() {
        pending.loadReady(registry, e -> load(e, () -> pending.artifact(e)));
    }

    /**
     * Loads the version the model's rollout pins live if this instance does not hold it and will not load it from
     * the chunks still arriving: it was pushed out by newer versions (or skipped while replaying), so its artifact
     * is read again from the artifact topic. Until it is loaded the newest version answers, as before the pin.
     */
    private void loadPinned(String model) {
        Long pinned = registry.pinnedVersion(model);
        List<Long> held = registry.loadedVersions().getOrDefault(model, List.of());
        if (pinned == null || held.contains(pinned) || pending.contains(model, pinned)) return;
        ModelVersionPublished e = index.version(model, pinned).orElse(null);
        if (e == null || refused.contains(e.key())) {
            LOG.warnf("rollout of %s pins v%d, which is %s: %s answers instead", model, pinned,
                    e == null ? "not published (or retired)" : "refused here", registry.liveVersion(model).map(v -> "v" + v).orElse("nothing"));
            return;
        }
        Map<TopicPartition, Long> from = index.chunksFrom(e.key());
        LOG.infof("rollout of %s pins v%d, which this instance no longer holds (loaded: %s): reading its artifact again from %s", model, pinned,
                held, from.isEmpty() ? "the topic's beginning" : "offset " + from);
        try {
            if (load(e, () -> ModelTopicSnapshot.artifact(kafka, e, e.artifact(), from).orElseThrow(() ->
                    new ArtifactAssembler.CorruptArtifactException("its chunks are no longer all on " + Topics.MODEL_ARTIFACTS)))) {
                LOG.infof("%s loaded again for the rollout: live %s", e.key(), registry.liveVersion(model).map(v -> "v" + v).orElseThrow());
            }
        } catch (KafkaException ex) {
            // the broker is unreachable for now: the follower must not die of it, and the pin must not be forgotten
            LOG.warnf("could not read %s's artifact (%s): v%s answers meanwhile, retrying in %d s", e.key(), ex.getMessage(),
                    registry.liveVersion(model).map(String::valueOf).orElse("nothing"), PIN_RETRY.toSeconds());
            pinRetryAt = System.nanoTime() + PIN_RETRY.toNanos();
        }
    }

    /** Loads a version into the registry, or refuses it (logged, counted, never tried again); true if kept. */
    private boolean load(ModelVersionPublished e, Supplier<byte[]> artifact) {
        try {
            return registry.add(loader.load(e, artifact.get()));
        } catch (ArtifactAssembler.CorruptArtifactException ex) {
            refuse(e, "corrupt artifact: " + ex.getMessage());
        } catch (ArtifactRefusedException ex) {
            refuse(e, ex.getMessage());
        }
        return false;
    }

    private void refuse(ModelVersionPublished e, String reason) {
        pending.skip(e);
        refused.add(e.key());
        LOG.warnf("refused %s, keeping %s live: %s", e.key(), registry.liveVersion(e.modelName()).map(v -> "v" + v).orElse("nothing"),
                reason);
        listener.refused(e.key(), reason);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
