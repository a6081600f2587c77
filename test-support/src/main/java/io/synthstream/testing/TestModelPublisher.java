package io.synthstream.testing;

import io.synthstream.contracts.artifacts.ArtifactKind;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ArtifactChunks;
import io.synthstream.contracts.artifacts.VersionRecords;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.ArtifactRef;
import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.onnx.OnnxGraphs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes model versions the way the trainer does (chunks + event in one transaction), for serving tests. */
public final class TestModelPublisher implements AutoCloseable {
    public static final int LATENT = 8;
    public static final int CLASSES = 10;
    private final KafkaProducer<String, byte[]> producer;

    public TestModelPublisher(String bootstrap) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-publisher-" + UUID.randomUUID(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.ARTIFACT_MAX_MESSAGE_BYTES),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    public static GeneratorContract contract(int latent) {
        return contract(latent, List.of(1, 28, 28));
    }

    /** The contract of a test generator of that sample shape ([C, H, W]; C = 3 for RGB). */
    public static GeneratorContract contract(int latent, List<Integer> sampleShape) {
        return new GeneratorContract(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT, latent, CLASSES, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                sampleShape, -1, 1, 17);
    }

    /** A valid test generator whose samples average near tanh(offset). */
    public ModelVersionPublished publish(String model, long version, float offset) {
        return publish(model, version, TestGenerators.linearTanh(LATENT, CLASSES, 28, 28, version, offset), contract(LATENT), null);
    }

    /** A valid test generator announced with the given quality figures (what a gate compares a candidate with). */
    public ModelVersionPublished publish(String model, long version, QualityMetrics metrics) {
        return publish(model, version, TestGenerators.linearTanh(LATENT, CLASSES, 28, 28, version, 0.1f), contract(LATENT), null, metrics);
    }

    /** A valid test generator with a preview grid, as the trainer publishes it (chunks of kind preview-png). */
    public ModelVersionPublished publishWithPreview(String model, long version, byte[] previewPng) {
        byte[] onnx = TestGenerators.linearTanh(LATENT, CLASSES, 28, 28, version, 0.1f);
        var event = new ModelVersionPublished(model, version, ArtifactChunks.describe(ArtifactKind.ONNX, onnx, Topics.ARTIFACT_CHUNK_BYTES),
                ArtifactChunks.describe(ArtifactKind.PREVIEW_PNG, previewPng, Topics.ARTIFACT_CHUNK_BYTES), contract(LATENT),
                new QualityMetrics(0.9, 100, 0.99, 0.0, 1, null, null), "test", "mnist", "test", Instant.now());
        VersionRecords.publish(producer, event, onnx, previewPng);
        return event;
    }

    /**
     * Publishes arbitrary bytes; {@code announcedSha256} overrides the checksum in the event (null: the real one),
     * to test that a corrupt artifact is refused.
     */
    public ModelVersionPublished publish(String model, long version, byte[] onnx, GeneratorContract contract, String announcedSha256) {
        return publish(model, version, onnx, contract, announcedSha256, new QualityMetrics(0.9, 100, 0.99, 0.0, 1, null, null));
    }

    private ModelVersionPublished publish(String model, long version, byte[] onnx, GeneratorContract contract, String announcedSha256,
                                          QualityMetrics metrics) {
        ArtifactRef real = ArtifactChunks.describe(ArtifactKind.ONNX, onnx, Topics.ARTIFACT_CHUNK_BYTES);
        ArtifactRef ref = announcedSha256 == null ? real
                : new ArtifactRef(real.kind(), real.mediaType(), announcedSha256, real.sizeBytes(), real.chunkCount());
        var event = new ModelVersionPublished(model, version, ref, null, contract, metrics, "test", "mnist", "test", Instant.now());
        VersionRecords.publish(producer, event, onnx, null);
        return event;
    }

    /** A tabular test generator ({@link TestGenerators#linearRows}) announced with its rows, as the trainer publishes a table's version. */
    public ModelVersionPublished publishTabular(String model, long version, RowSchema schema, RowEncoding encoding) {
        return publishTabular(model, version, TestGenerators.linearRows(LATENT, schema.classes().size(), encoding, version),
                tabularContract(schema, encoding.width()), new TabularVersion(schema, encoding, 0, 1, 1, List.of(), null));
    }

    /** The contract of a tabular test generator: output [width], the schema's classes. */
    public static GeneratorContract tabularContract(RowSchema schema, int width) {
        return new GeneratorContract(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT, LATENT, schema.classes().size(),
                schema.classes(), List.of(width), -1, 1, OnnxGraphs.OPSET);
    }

    /** Publishes a tabular version as given, however wrong (to test that a version that cannot be decoded is refused). */
    public ModelVersionPublished publishTabular(String model, long version, byte[] onnx, GeneratorContract contract, TabularVersion rows) {
        var event = new ModelVersionPublished(model, version, ArtifactChunks.describe(ArtifactKind.ONNX, onnx, Topics.ARTIFACT_CHUNK_BYTES), null,
                contract, new QualityMetrics(null, null, null, 0.0, 1, null, null), "test", "tables/test", "conditional-tabular", Instant.now(),
                rows);
        VersionRecords.publish(producer, event, onnx, null);
        return event;
    }

    /** Retires a version the way {@code retire} does: tombstones for its event and every chunk, in one transaction. */
    public void retire(ModelVersionPublished event) {
        VersionRecords.retire(producer, List.of(event));
    }

    @Override
    public void close() {
        producer.close();
    }
}
