package io.synthstream.generator.service;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What a downstream pipeline does: plain Kafka clients writing requests and reading samples read_committed. */
final class KafkaIO implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    KafkaIO(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 1), new StringSerializer(),
                new ByteArraySerializer());
    }

    void request(GenerationRequested r) {
        send(r.requestId(), EventJson.toBytes(r));
    }

    void send(String key, byte[] value) {
        send(io.synthstream.contracts.Topics.GENERATE_REQUESTS, key, value);
    }

    void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    void flush() {
        producer.flush();
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    KafkaConsumer<String, byte[]> consumer(String topic) {
        var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    /** Records of a topic whose key passes the filter, read until {@code done} holds for them. */
    List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<String> keys, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                              Duration timeout) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var c = consumer(topic)) {
            while (System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) if (r.key() != null && keys.test(r.key())) seen.add(r);
                if (done.test(seen)) return seen;
            }
        }
        throw new AssertionError("timed out on " + topic + " with " + seen.size() + " matching records");
    }

    /** Every sample record of the given requests, until each has its last record. */
    List<ConsumerRecord<String, byte[]>> answers(String topic, List<String> requestIds, Duration timeout) {
        return read(topic, requestIds::contains, rs -> requestIds.stream().allMatch(id -> rs.stream()
                .anyMatch(r -> id.equals(r.key()) && "true".equals(header(r, "synthstream-last")))), timeout);
    }

    @Override
    public void close() {
        producer.close();
    }
}
