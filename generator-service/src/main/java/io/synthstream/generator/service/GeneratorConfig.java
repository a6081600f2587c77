package io.synthstream.generator.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

@ConfigMapping(prefix = "synthstream.generator")
public interface GeneratorConfig {
    /** auto (CUDA when ONNX Runtime sees a GPU, else CPU), cpu or gpu. */
    @WithDefault("auto")
    String device();

    /**
     * On a GPU: fixed deterministic convolution algorithms, so that the same seed and version give the same
     * samples after a restart. false lets ONNX Runtime time the algorithms and keep the fastest, which may
     * differ from one process to the next (and so may the samples).
     */
    @WithDefault("true")
    boolean gpuReproducible();

    /**
     * ONNX Runtime threads per inference call; 0 = one per core. With several replicas, or a broker, on one
     * machine, fewer avoid their threads fighting over the same cores (the launcher gives (cores − 1) / replicas).
     */
    @WithDefault("0")
    int intraOpThreads();

    /** Versions kept loaded per model (the live one and older ones for pinned requests). */
    @WithDefault("2")
    int keepVersions();

    /** Most samples in one inference call (dynamic batching). */
    @WithDefault("512")
    int maxBatch();

    /**
     * How long the requests a poll returns wait for more to share their inference calls (Triton's max queue
     * delay), unless they already fill {@link #maxBatch()}. Longer waits make larger batches (what a GPU wants)
     * at the cost of latency at a light load.
     */
    @WithDefault("2ms")
    Duration maxWait();

    /**
     * Most samples in one output record (float32 28×28: 256 samples ≈ 800 KB); fewer where they would not fit in one
     * record on the output topic (its max.message.bytes, the producer's max.request.size).
     */
    @WithDefault("256")
    int samplesPerRecord();

    /**
     * How long an output topic's max.message.bytes and partition count are trusted before they are read again: records
     * a lowered limit refuses, or sent to a partition a re-created topic no longer has, abort their transaction meanwhile,
     * which is retried until the topic is read again (then they are cut to the new limit, sent to an existing partition,
     * or dead-lettered if the topic is gone).
     */
    @WithDefault("1m")
    Duration topicLimitsTtl();

    /** Most samples one request may ask for. */
    @WithDefault("100000")
    int maxCount();

    /**
     * Most payload bytes one request's answer may take. A request is answered within one transaction, which must
     * end within the producer's transaction.timeout.ms (6 s) or be aborted (then dead-lettered after 3 attempts); 100 000 float32
     * samples of 28×28 are 314 MB, of a user's 64×64 images 1.6 GB. Larger requests are dead-lettered.
     */
    @WithDefault("512M")
    MemorySize maxRequestBytes();

    /**
     * Most payload bytes answered in one transaction: the requests a poll returns beyond it wait for the next one
     * (a request larger than this alone still gets a transaction of its own).
     */
    @WithDefault("256M")
    MemorySize maxTransactionBytes();

    /** Kafka consumer settings of the request loop (application.properties has the defaults). */
    Map<String, String> requestsConsumer();

    /** Kafka producer settings of the request loop's transactional producer. */
    Map<String, String> samplesProducer();

    /** Unique per instance; names the transactional id of its sample producer. */
    String instanceId();

    /** Where artifacts are staged for ONNX Runtime to load (deleted right after). */
    @WithDefault("${java.io.tmpdir}/synthstream-generator")
    Path workDir();
}
