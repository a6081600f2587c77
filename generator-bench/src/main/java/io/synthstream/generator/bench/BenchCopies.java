package io.synthstream.generator.bench;

import io.synthstream.generator.tools.PublishedModels;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.artifacts.VersionRecords;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The versions a bench publishes: copies of a real version under a reserved name
 * ({@link ModelVersionPublished#BENCH_MODEL_PREFIX}), which model listings hide, whose dataset and training job say
 * they are a bench copy, so that no client takes one for the real model. {@link #close} retires every version of
 * that name on the model topics (an earlier run's that failed to, too), however the bench ended.
 */
final class BenchCopies implements AutoCloseable {
    private final KafkaConnection kafka;
    private final PublishedModels.Newest source;
    private final String model;
    private final KafkaProducer<String, byte[]> publisher;
    private long nextVersion;
    /** The highest version number a bench copy of this process has published (a retired one's is not on the topics any more). */
    private static final AtomicLong LAST_USED = new AtomicLong();

    BenchCopies(KafkaConnection kafka, PublishedModels.Newest source) {
        this.kafka = kafka;
        this.source = source;
        this.model = ModelVersionPublished.BENCH_MODEL_PREFIX + source.event().modelName();
        var versions = ModelTopicSnapshot.versions(kafka, model);
        // above any number a generator may still hold: a retired version stays served where it is a model's only one, and
        // once compaction removed its tombstone the topic no longer remembers its number
        this.nextVersion = Math.max(Math.max(versions.isEmpty() ? 1 : versions.lastKey() + 1, Instant.now().getEpochSecond()),
                LAST_USED.get() + 1); // and above this process's earlier copies: two benches within one second must not share a number
        this.publisher = new KafkaProducer<>(kafka.clientConfig(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "synthstream-bench-" + UUID.randomUUID(), ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.ARTIFACT_MAX_MESSAGE_BYTES)),
                new StringSerializer(), new ByteArraySerializer());
        try {
            publisher.initTransactions();
        } catch (RuntimeException e) {
            publisher.close();
            throw e;
        }
    }

    String model() {
        return model;
    }

    /** Publishes the next version of the copy (chunks and event in one transaction); returns its number. */
    long publishNext() {
        ModelVersionPublished e = source.event();
        long version = nextVersion++;
        LAST_USED.accumulateAndGet(version, Math::max);
        var copy = new ModelVersionPublished(model, version, e.artifact(), null, e.contract(), e.metrics(),
                ModelVersionPublished.benchCopyOf(e.key()), ModelVersionPublished.benchCopyOf(e.dataset()), e.architecture(), Instant.now(), e.rows()); // a tabular version's rows: how its output decodes
        VersionRecords.publish(publisher, copy, source.onnx(), null);
        return version;
    }

    /** Retires every version of the copy still on the model topics; returns how many. */
    int retireAll() {
        List<ModelVersionPublished> published = List.copyOf(ModelTopicSnapshot.versions(kafka, model).values());
        // a producer of its own: the publisher may be unusable after a failed transaction, and this runs after failures too
        if (!published.isEmpty()) VersionRecords.retire(kafka, "bench-retire", published);
        return published.size();
    }

    @Override
    public void close() {
        try {
            int retired = retireAll();
            System.out.printf("(%s: %d bench version(s) retired from the model topics)%n", model, retired);
        } finally {
            publisher.close();
        }
    }
}
