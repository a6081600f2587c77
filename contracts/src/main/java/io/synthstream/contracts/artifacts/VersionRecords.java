package io.synthstream.contracts.artifacts;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventSerializer;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The records of one published version, chunks first and the event last, to be written in ONE transaction. */
public final class VersionRecords {
    private VersionRecords() {
    }

    public static List<ProducerRecord<String, byte[]>> of(ModelVersionPublished event, byte[] onnx, byte[] previewPng) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(
                ArtifactChunks.records(event.modelName(), event.version(), event.artifact(), onnx, Topics.ARTIFACT_CHUNK_BYTES));
        if (event.preview() != null && previewPng != null) {
            out.addAll(ArtifactChunks.records(event.modelName(), event.version(), event.preview(), previewPng, Topics.ARTIFACT_CHUNK_BYTES));
        }
        RecordHeaders headers = new RecordHeaders();
        byte[] value = new EventSerializer().serialize(Topics.MODELS, headers, event);
        out.add(new ProducerRecord<>(Topics.MODELS, null, event.key(), value, headers));
        return out;
    }

    /**
     * Tombstones (null values) for every key of a published version: its event and each chunk of its artifact
     * and preview. Compaction then removes the version from both topics; until then readers act on the tombstone
     * (docs/events.md, "Retiring a version"). Write them in one transaction, as the version was written
     * ({@link #retire}).
     */
    public static List<ProducerRecord<String, byte[]>> tombstones(ModelVersionPublished event) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (var ref : new ModelVersionPublished.ArtifactRef[] {event.artifact(), event.preview()}) {
            if (ref == null) continue;
            for (int i = 0; i < ref.chunkCount(); i++) {
                out.add(new ProducerRecord<>(Topics.MODEL_ARTIFACTS, ArtifactChunks.chunkKey(event.modelName(), event.version(), ref.kind(), i), null));
            }
        }
        out.add(new ProducerRecord<>(Topics.MODELS, event.key(), null));
        return out;
    }

    /** Writes the version in one transaction of a producer on which initTransactions() was called; aborts on failure. */
    public static void publish(Producer<String, byte[]> transactional, ModelVersionPublished event, byte[] onnx, byte[] previewPng) {
        transactional.beginTransaction();
        try {
            of(event, onnx, previewPng).forEach(transactional::send);
            transactional.commitTransaction();
        } catch (RuntimeException e) {
            transactional.abortTransaction();
            throw new IllegalStateException("publishing " + event.key() + " failed and was rolled back: " + e.getMessage(), e);
        }
    }

    /**
     * Retires the versions in one transaction of a producer opened for it and closed after (retiring is a rare
     * admin act: no producer is kept); {@code who} names the transactional id, e.g. "retire" or "gateway-retire".
     */
    public static void retire(KafkaConnection kafka, String who, List<ModelVersionPublished> events) {
        try (var producer = new KafkaProducer<>(kafka.clientConfig(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "synthstream-" + who + "-" + UUID.randomUUID())), new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            retire(producer, events);
        }
    }

    /** Retires the versions in one transaction of a producer on which initTransactions() was called; aborts on failure. */
    public static void retire(Producer<String, byte[]> transactional, List<ModelVersionPublished> events) {
        transactional.beginTransaction();
        try {
            events.forEach(e -> tombstones(e).forEach(transactional::send));
            transactional.commitTransaction();
        } catch (RuntimeException e) {
            transactional.abortTransaction();
            throw new IllegalStateException("retiring " + events.stream().map(ModelVersionPublished::key).toList()
                    + " failed and was rolled back: " + e.getMessage(), e);
        }
    }
}
