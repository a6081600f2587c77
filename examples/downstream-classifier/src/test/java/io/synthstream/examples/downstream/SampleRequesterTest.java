package io.synthstream.examples.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.events.GenerationFailed;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.testing.KafkaBrokerTestResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The requester's side of the protocol on a real broker. The answering side here is a plain
 * consumer/producer writing records the way docs/events.md describes them (pixel value = label × 20),
 * so this tests the client, not a generator (the generator's own tests and WholeSystemIT do that).
 */
class SampleRequesterTest {
    static final AtomicBoolean running = new AtomicBoolean(true);
    static Thread responder;

    @BeforeAll
    static void broker() {
        TopicProvisioner.ensure(KafkaBrokerTestResource.bootstrapServers());
        responder = new Thread(SampleRequesterTest::answer, "fake-answers");
        responder.setDaemon(true);
        responder.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        running.set(false);
        responder.join(5000);
    }

    static void answer() {
        String bootstrap = KafkaBrokerTestResource.bootstrapServers();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-generator");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(Topics.GENERATE_REQUESTS));
            while (running.get()) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    var req = EventJson.fromBytes(r.value(), GenerationRequested.class);
                    if (req.model().equals("missing")) {
                        var dlq = new ProducerRecord<>(Topics.GENERATE_DLQ, r.key(), r.value());
                        dlq.headers().add(SampleHeaders.DLQ_REASON, "unknown model 'missing'".getBytes(StandardCharsets.UTF_8));
                        producer.send(dlq);
                        continue;
                    }
                    if (req.model().equals("refused-on-reply")) { // as the generator tells a refusal where its client waits
                        var failed = new GenerationFailed(r.key(), "schemaVersion 99 is not one this generator reads");
                        producer.send(new ProducerRecord<>(req.replyTo(), null, r.key(), EventJson.toBytes(failed), FailureRecords.headers(failed)));
                        continue;
                    }
                    int[] labels = req.resolveLabels(10);
                    // answered in records of at most 300 samples, like samplesPerRecord
                    for (int first = 0; first < labels.length; first += 300) {
                        int n = Math.min(300, labels.length - first);
                        byte[] value = new byte[n * 4 * 4];
                        for (int i = 0; i < n; i++) java.util.Arrays.fill(value, i * 16, (i + 1) * 16, (byte) (labels[first + i] * 20));
                        var out = new SampleBatch(r.key(), req.model(), 1, first / 300, (labels.length + 299) / 300, first, n,
                                java.util.Arrays.stream(labels, first, first + n).boxed().toList(), List.of(1, 4, 4), SampleFormat.UINT8,
                                req.seed(), first + n == labels.length, value).record(req.replyTo(), null);
                        producer.send(out);
                    }
                }
            }
        }
    }

    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @Test
    void collectsEveryAnswerOfItsRequestsFromItsOwnReplyTopic() {
        try (var requester = new SampleRequester(KafkaBrokerTestResource.bootstrapServers())) {
            var samples = requester.request("m", 4500, 1, DIGITS, Duration.ofSeconds(60));
            assertEquals(4500, samples.size(), "3 requests of ≤ 2000, each in records of ≤ 300");
            assertEquals(4, samples.height());
            int[] perClass = new int[10];
            for (int i = 0; i < samples.size(); i++) {
                int label = samples.labels()[i];
                perClass[label]++;
                assertEquals((byte) (label * 20), samples.pixels()[i * 16 + 5], "pixels travel with their label");
            }
            for (int c = 0; c < 10; c++) assertEquals(450, perClass[c], "balanced, class " + c);
        }
    }

    @Test
    void aRefusedRequestFailsWithTheGeneratorsReason() {
        try (var requester = new SampleRequester(KafkaBrokerTestResource.bootstrapServers())) {
            var e = assertThrows(IllegalStateException.class, () -> requester.request("missing", 10, 1, DIGITS, Duration.ofSeconds(60)));
            assertTrue(e.getMessage().contains("unknown model 'missing'"), e.getMessage());
        }
    }

    @Test
    void aFailureRecordOnTheReplyTopicFailsWithItsReasonAndIsNotTakenForSamples() {
        try (var requester = new SampleRequester(KafkaBrokerTestResource.bootstrapServers())) {
            var e = assertThrows(IllegalStateException.class, () -> requester.request("refused-on-reply", 10, 1, DIGITS, Duration.ofSeconds(60)));
            assertTrue(e.getMessage().contains("was refused: schemaVersion 99"), e.getMessage());
        }
    }
}
