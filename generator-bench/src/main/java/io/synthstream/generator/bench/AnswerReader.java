package io.synthstream.generator.bench;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.codec.SampleBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A read_committed reader of the samples and dead-letter topics, started at their end, noting when each request completes. */
final class AnswerReader implements Runnable, AutoCloseable {
    final Map<String, Long> completedAt = new ConcurrentHashMap<>();
    final Map<String, Long> versionOf = new ConcurrentHashMap<>();
    /** Per request: its last record's timestamp (when the generator sent it, ms) and when this reader saw it (ms). */
    final Map<String, long[]> lastRecordTimes = new ConcurrentHashMap<>();
    final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
    /** Requests whose last record was read more than once: answered twice, which exactly once forbids. */
    final Set<String> duplicated = ConcurrentHashMap.newKeySet();
    /** First time a record of each version was seen. */
    final Map<Long, Long> firstSeenOfVersion = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private final Thread thread;

    /** Sees every answer record before its request counts as completed (a tabular bench checks and counts rows there). */
    private final Consumer<SampleBatch> onAnswer;

    AnswerReader(KafkaConnection kafka) {
        this(kafka, b -> { });
    }

    AnswerReader(KafkaConnection kafka, Consumer<SampleBatch> onAnswer) {
        this.onAnswer = onAnswer;
        Map<String, Object> p = kafka.clientConfig(Map.of(
                // fetch.max.wait.ms stays Kafka's 500 ms: the broker answers a waiting fetch as soon as a commit makes answers
                // readable (measured: answer sent → read p50 4–8 ms either way); a 5 ms wait made ~200 empty fetches a
                // second, and this reader took ~1.5× the CPU per sample in the bursts, on the cores the service uses
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // a transaction's answers become readable at once (at its commit): take them in one fetch, not 1 MB per partition
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20));
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(Topics.GENERATE_SAMPLES, Topics.GENERATE_DLQ)) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve the end offsets now, before any request is sent
        thread = new Thread(this, "bench-answer-reader");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            for (var r : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                if (r.key() == null) continue;
                if (Topics.GENERATE_DLQ.equals(r.topic()) || FailureRecords.of(r).isPresent()) { // refused: no samples will come
                    deadLettered.add(r.key());
                    continue;
                }
                var batch = SampleBatch.of(r);
                onAnswer.accept(batch);
                long version = batch.version();
                firstSeenOfVersion.putIfAbsent(version, now);
                if (batch.last()) {
                    if (completedAt.putIfAbsent(r.key(), now) != null) duplicated.add(r.key());
                    lastRecordTimes.putIfAbsent(r.key(), new long[] {r.timestamp(), System.currentTimeMillis()});
                    versionOf.put(r.key(), version);
                }
            }
        }
        consumer.close();
    }

    /** Waits until every id completed or was dead-lettered; returns how many did not. */
    int await(List<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long missing = ids.stream().filter(id -> !completedAt.containsKey(id) && !deadLettered.contains(id)).count();
            if (missing == 0) return 0;
            Thread.sleep(20);
        }
        return (int) ids.stream().filter(id -> !completedAt.containsKey(id) && !deadLettered.contains(id)).count();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
