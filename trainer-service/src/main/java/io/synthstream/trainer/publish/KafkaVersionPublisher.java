package io.synthstream.trainer.publish;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.VersionRecords;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.evaluation.VersionCandidate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

    /** Highest committed version of every model on the models topic. */
    public static Map<String, Long> readLatestVersions(KafkaConnection kafka) {
        Map<String, Long> out = new HashMap<>();
        readNewestVersions(kafka).forEach((m, e) -> out.put(m, e.version()));
        return out;
    }

    /** The newest committed version event of every model on the models topic. */
    static Map<String, ModelVersionPublished> readNewestVersions(KafkaConnection kafka) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "synthstream-trainer-scan-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, ModelVersionPublished> out = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(kafka.clientConfig(p))) {
            List<TopicPartition> parts = c.partitionsFor(Topics.MODELS, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) continue;
                    ModelVersionPublished e = EventJson.fromBytes(r.value(), ModelVersionPublished.class);
                    out.merge(e.modelName(), e, (a, b) -> a.version() >= b.version() ? a : b);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

}
