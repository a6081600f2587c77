package io.synthstream.trainer.publish;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.artifacts.VersionRecords;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.rollout.LiveVersionRule;
import io.synthstream.trainer.evaluation.VersionCandidate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes versions through Kafka: the artifact chunks (ONNX and preview PNG) and the
 * {@link ModelVersionPublished} event in ONE transaction, so read_committed consumers see all or
 * nothing. Version numbers continue from the highest committed on {@code synthstream.models}; the
 * fixed transactional id fences a stale trainer, which keeps the numbering single-writer.
 */
public final class KafkaVersionPublisher implements VersionSink, AutoCloseable {
    private final KafkaConnection kafka;
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, ModelVersionPublished> latest = new HashMap<>();
    private final Path modelsDir;
    private boolean latestLoaded;

    public KafkaVersionPublisher(KafkaConnection kafka, String transactionalId, Path modelsDir) {
        this.kafka = kafka;
        this.modelsDir = modelsDir;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.ARTIFACT_MAX_MESSAGE_BYTES);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(kafka.clientConfig(p));
        producer.initTransactions();
    }

    @Override
    public synchronized ModelVersionPublished publish(TrainingJobRequested job, VersionCandidate candidate) {
        long version = newest(job.modelName()).map(ModelVersionPublished::version).orElse(0L) + 1;
        ModelVersionPublished event = PublishedVersions.event(job, candidate, version);
        VersionRecords.publish(producer, event, candidate.onnx(), candidate.previewPng());
        latest.put(event.modelName(), event);
        LocalVersionStore.keep(modelsDir, event, candidate);
        return event;
    }

    /** Newest committed version of a model, read once from the compacted models topic, then kept up to date. */
    @Override
    public synchronized java.util.Optional<ModelVersionPublished> newest(String model) {
        if (!latestLoaded) {
            latest.putAll(readNewestVersions(kafka));
            latestLoaded = true;
        }
        return java.util.Optional.ofNullable(latest.get(model));
    }

    /**
     * The live version as generators resolve it ({@link LiveVersionRule}) from the model and rollout topics read
     * to their end now: a rollback or a retirement a moment ago counts, which a cached view could miss.
     */
    @Override
    public java.util.Optional<ModelVersionPublished> live(String model) {
        TreeMap<Long, ModelVersionPublished> published = ModelTopicSnapshot.versions(kafka, model);
        return LiveVersionRule.live(ModelTopicSnapshot.rollout(kafka, model).orElse(null), published).map(published::get);
    }

    /** The newest committed version event of every model on the models topic. */
    static Map<String, ModelVersionPublished> readNewestVersions(KafkaConnection kafka) {
        Map<String, ModelVersionPublished> out = new HashMap<>();
        ModelTopicSnapshot.all(kafka).forEach((model, versions) -> out.put(model, versions.lastEntry().getValue()));
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

}
