package io.synthstream.trainer.service;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.TrainingProgress;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: what a user's own producer and read_committed consumer would do. */
final class KafkaTopics {
    private KafkaTopics() {
    }

    static void send(String bootstrap, String topic, String key, byte[] value) throws Exception {
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads a topic from the start until the records seen satisfy {@code done}, or fails after the timeout. */
    static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                         Duration timeout) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var c = consumer(bootstrap)) {
            c.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(300)).forEach(seen::add);
                if (done.test(seen)) return seen;
            }
        }
        throw new AssertionError("timed out on " + topic + " after " + seen.size() + " records");
    }

    /** Progress events of one job, read until it is DONE or FAILED. */
    static List<TrainingProgress> progressUntilEnd(String bootstrap, String jobId, Duration timeout) {
        var records = readUntil(bootstrap, Topics.TRAINING_PROGRESS, rs -> rs.stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventJson.fromBytes(r.value(), TrainingProgress.class))
                .anyMatch(p -> p.state() == TrainingProgress.State.DONE || p.state() == TrainingProgress.State.FAILED), timeout);
        return records.stream().filter(r -> jobId.equals(r.key())).map(r -> EventJson.fromBytes(r.value(), TrainingProgress.class)).toList();
    }
}
