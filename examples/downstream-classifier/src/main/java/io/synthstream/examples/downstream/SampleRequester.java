package io.synthstream.examples.downstream;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.codec.EventSerializer;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.contracts.events.Event;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.trainer.data.LabelledImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What any downstream consumer does: asks synthstream for labelled samples on the request topic and
 * reads the answers from its own reply topic (created here, deleted on close) with read_committed,
 * so it only ever sees samples of completed generator transactions. Samples come as uint8.
 */
public final class SampleRequester implements AutoCloseable {
    /** Samples per request: many requests spread over the request partitions, hence over generator replicas. */
    public static final int SAMPLES_PER_REQUEST = 2000;

    private final Admin admin;
    private final KafkaProducer<String, Event> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final KafkaConsumer<String, byte[]> deadLetters;
    private final String replyTopic;

    public SampleRequester(String bootstrapServers) {
        Properties common = new Properties();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(common);
        this.replyTopic = Topics.REPLY_TOPIC_PREFIX + "downstream-classifier-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            admin.createTopics(List.of(new NewTopic(replyTopic, Optional.of(1), Optional.empty()))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            admin.close();
            throw new IllegalStateException("cannot create the reply topic " + replyTopic + " on " + bootstrapServers + ": " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.putAll(common);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new EventSerializer());
        this.replies = consumer(common, replyTopic, false);
        this.deadLetters = consumer(common, Topics.GENERATE_DLQ, true);
    }

    private static KafkaConsumer<String, byte[]> consumer(Properties common, String topic, boolean fromEnd) {
        Properties c = new Properties();
        c.putAll(common);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = partitions(consumer, topic);
        consumer.assign(parts);
        if (fromEnd) consumer.seekToEnd(parts);
        else consumer.seekToBeginning(parts);
        parts.forEach(consumer::position); // fix the start now, before any request is sent
        return consumer;
    }

    /** A topic just created may take a moment to show up in the metadata. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            if (!parts.isEmpty()) return parts;
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " not found: is synthstream running on this Kafka cluster?");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + topic, e);
            }
        }
    }

    /**
     * {@code count} balanced samples (sample i has class i mod classes) of the model's live version,
     * as labelled images with the given class names.
     *
     * @throws IllegalStateException when a request is dead-lettered (with the generator's reason) or the answers time out
     */
    public LabelledImages request(String model, int count, long seed, List<String> classNames, Duration timeout) {
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        for (int start = 0, i = 0; start < count; start += SAMPLES_PER_REQUEST, i++) {
            int n = Math.min(SAMPLES_PER_REQUEST, count - start);
            String id = "downstream-" + UUID.randomUUID();
            // classCounts keep every request balanced even when n is not a multiple of the classes
            Map<Integer, Integer> perClass = new java.util.TreeMap<>();
            for (int k = 0; k < n; k++) perClass.merge((start + k) % classNames.size(), 1, Integer::sum);
            producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, id,
                    new GenerationRequested(id, model, null, n, null, perClass, seed + i, SampleFormat.UINT8.wireName(), replyTopic)));
            expected.put(id, n);
        }
        producer.flush();
        return collect(expected, classNames, timeout);
    }

    private LabelledImages collect(Map<String, Integer> expected, List<String> classNames, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        int height = -1, width = -1;
        while (done.size() < expected.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((expected.size() - done.size()) + " of " + expected.size()
                        + " requests unanswered after " + timeout.toSeconds() + " s: is a generator running and is the model published?");
            }
            for (ConsumerRecord<String, byte[]> r : deadLetters.poll(Duration.ofMillis(10))) {
                if (expected.containsKey(r.key())) {
                    throw new IllegalStateException("request " + r.key() + " was refused: " + EventHeaders.text(r, SampleHeaders.DLQ_REASON));
                }
            }
            for (ConsumerRecord<String, byte[]> r : replies.poll(Duration.ofMillis(200))) {
                if (!expected.containsKey(r.key())) continue;
                var failure = FailureRecords.of(r); // a refused request is told here too, with no samples
                if (failure.isPresent()) throw new IllegalStateException("request " + r.key() + " was refused: " + failure.get().reason());
                var batch = SampleBatch.of(r);
                List<Integer> shape = batch.shape();
                if (shape.size() != 3 || shape.get(0) != 1) throw new IllegalStateException("expected single-channel samples, got shape " + shape);
                height = shape.get(1);
                width = shape.get(2);
                if (batch.payload().length != batch.labels().size() * height * width) {
                    throw new IllegalStateException("record of " + batch.labels().size() + " samples has " + batch.payload().length + " bytes");
                }
                for (int label : batch.labels()) {
                    if (label >= classNames.size()) throw new IllegalStateException("the model has more classes than " + classNames);
                    labels.add(label);
                }
                pixels.writeBytes(batch.payload());
                if (batch.last()) done.add(r.key());
            }
        }
        return new LabelledImages(pixels.toByteArray(), labels.stream().mapToInt(Integer::intValue).toArray(), height, width, classNames);
    }

    @Override
    public void close() {
        replies.close();
        deadLetters.close();
        producer.close();
        try {
            admin.deleteTopics(List.of(replyTopic)).all().get();
        } catch (InterruptedException | ExecutionException e) {
            System.err.println("could not delete the reply topic " + replyTopic + ": " + e.getMessage());
        } finally {
            admin.close();
        }
    }
}
