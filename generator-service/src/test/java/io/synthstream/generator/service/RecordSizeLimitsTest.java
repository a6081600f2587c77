package io.synthstream.generator.service;

import static io.synthstream.generator.service.KafkaIO.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.requests.ParsedRequest;
import io.synthstream.generator.samples.RecordSizes;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Records that Kafka would refuse (over the topic's max.message.bytes or the producer's max.request.size) would
 * fail their transaction on every retry and stall the request's partition: the service cuts records to fit, and
 * dead-letters a request not even one of whose samples fits, or whose answer is larger than one transaction should carry.
 * On a real broker.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class RecordSizeLimitsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ModelRegistry registry;
    @Inject
    GenerationRequestProcessor processor;

    void awaitLive(String model) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (registry.liveVersion(model).isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError(model + " never went live: " + registry.loadedVersions());
            Thread.sleep(50);
        }
    }

    void createTopic(String name, int partitions, int maxMessageBytes) throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of("max.message.bytes", String.valueOf(maxMessageBytes))))).all().get();
        }
    }

    static byte[] payloadInOrder(List<ConsumerRecord<String, byte[]>> records) {
        var out = new ByteArrayOutputStream();
        records.stream().sorted(Comparator.comparingInt(r -> Integer.parseInt(header(r, "synthstream-batch-index"))))
                .forEach(r -> out.writeBytes(r.value()));
        return out.toByteArray();
    }

    static int samples(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().mapToInt(r -> Integer.parseInt(header(r, "synthstream-sample-count"))).sum();
    }

    @Test
    void largeSamplesTravelInRecordsThatFitTheirTopicWithTheSameSamples() throws Exception {
        // a user's 64×64 images: 256 float32 samples to a record (the default) would be 4 MB, over Kafka's 1 MB
        var shape = List.of(1, 64, 64);
        String small = Topics.REPLY_TOPIC_PREFIX + "hundred-kb";
        createTopic(small, 2, 100_000);
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-64", 1, TestGenerators.linearTanh(TestModelPublisher.LATENT, 10, 64, 64, 1, 0f),
                    new GeneratorContract("z", "label", "sample", TestModelPublisher.LATENT, 10, CLASSES, shape, -1, 1, 17), null);
            awaitLive("m-64");
            io.request(new GenerationRequested("big-default", "m-64", null, 300, null, null, 7L, "float32", null));
            io.request(new GenerationRequested("big-small", "m-64", null, 300, null, null, 7L, "float32", small));
            io.flush();
            var onDefault = io.answers(Topics.GENERATE_SAMPLES, List.of("big-default"), TIMEOUT);
            var onSmall = io.answers(small, List.of("big-small"), TIMEOUT);

            int perRecordDefault = RecordSizes.samplesThatFit(SampleFormat.FLOAT32, shape, 10, "big-default", "m-64", 1_048_576);
            int perRecordSmall = RecordSizes.samplesThatFit(SampleFormat.FLOAT32, shape, 10, "big-small", "m-64", 100_000);
            assertTrue(perRecordDefault >= 60 && perRecordSmall >= 5, perRecordDefault + " / " + perRecordSmall + " samples per record");
            assertEquals(300, samples(onDefault));
            assertEquals(300, samples(onSmall));
            assertEquals((300 + perRecordDefault - 1) / perRecordDefault, onDefault.size());
            assertEquals((300 + perRecordSmall - 1) / perRecordSmall, onSmall.size());
            for (var r : onSmall) assertTrue(r.value().length <= 100_000 - 1024, r.value().length + " bytes");
            // cut differently, the same request and seed give the same samples
            assertArrayEquals(payloadInOrder(onDefault), payloadInOrder(onSmall));
            assertEquals(300 * 64 * 64 * 4, payloadInOrder(onSmall).length);

            // what a transaction's budget counts, and a request larger than one may be (1.6 GB)
            assertEquals(300L * 64 * 64 * 4, processor.answerBytes(ParsedRequest.of(EventJson.toBytes(
                    new GenerationRequested("b", "m-64", null, 300, null, null, null, "float32", null)))));
            assertEquals(300L * 64 * 64, processor.answerBytes(ParsedRequest.of(EventJson.toBytes(
                    new GenerationRequested("b", "m-64", null, 300, null, null, null, "uint8", null)))));
            assertEquals(0, processor.answerBytes(ParsedRequest.of(EventJson.toBytes(
                    new GenerationRequested("b", "no-such-model", null, 300, null, null, null, "uint8", null)))));
            io.request(new GenerationRequested("big-too-big", "m-64", null, 100_000, null, null, null, "float32", null));
            io.request(new GenerationRequested("big-after", "m-64", null, 2, null, null, null, "uint8", null));
            io.flush();
            var dead = io.read(Topics.GENERATE_DLQ, "big-too-big"::equals, rs -> !rs.isEmpty(), TIMEOUT);
            String reason = header(dead.get(0), "synthstream-dlq-reason");
            assertEquals("100,000 float32 samples of 'm-64' take up to 1,638,400,000 bytes; one request may ask for at most 536,870,912 "
                    + "(synthstream.generator.max-request-bytes): ask in several requests", reason);
            assertEquals(2, samples(io.answers(Topics.GENERATE_SAMPLES, List.of("big-after"), TIMEOUT)));
        }
    }

    @Test
    void aRequestRecordLargerThanTheDeadLetterTopicTakesIsDeadLetteredCutToFitAndTheNextIsAnswered() throws Exception {
        // the request topic takes this broker's 2 MB; the generator's producer sends at most 1 MB: whole, this dead letter
        // failed every transaction it was in, for ever, and the requests behind it waited
        byte[] garbage = new byte[1_500_000];
        java.util.Arrays.fill(garbage, (byte) '{');
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap);
             var large = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                     "max.request.size", 2_000_000), new org.apache.kafka.common.serialization.StringSerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            pub.publish("m-dlq-size", 1, 0f);
            awaitLive("m-dlq-size");
            large.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.GENERATE_REQUESTS, 0, "huge-garbage", garbage)).get();
            io.send("after-huge", EventJson.toBytes(new GenerationRequested("after-huge", "m-dlq-size", null, 3, null, null, null, "uint8", null)));
            io.flush();
            var dead = io.read(Topics.GENERATE_DLQ, "huge-garbage"::equals, rs -> !rs.isEmpty(), TIMEOUT).get(0);
            assertTrue(header(dead, "synthstream-dlq-reason").startsWith("not a valid GenerationRequested"), header(dead, "synthstream-dlq-reason"));
            assertEquals("1500000", header(dead, "synthstream-dlq-original-bytes"));
            assertTrue(dead.value().length > 1_000_000 && dead.value().length < 1_048_576, dead.value().length + " bytes kept");
            assertArrayEquals(java.util.Arrays.copyOf(garbage, dead.value().length), dead.value(), "the payload's first bytes");
            assertEquals(Topics.GENERATE_REQUESTS, header(dead, "synthstream-dlq-topic"), "where the whole request still is");
            assertEquals(3, samples(io.answers(Topics.GENERATE_SAMPLES, List.of("after-huge"), TIMEOUT)));
        }
    }

    @Test
    void aRequestNotOneOfWhoseSamplesFitsItsTopicIsDeadLetteredAndTheOthersAreAnswered() throws Exception {
        String tiny = Topics.REPLY_TOPIC_PREFIX + "tiny";
        createTopic(tiny, 1, 3_000); // a 28×28 sample: 3 136 bytes in float32, 784 in uint8
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-tiny", 1, 0f);
            awaitLive("m-tiny");
            io.request(new GenerationRequested("tiny-float", "m-tiny", null, 10, null, null, 3L, "float32", tiny));
            io.request(new GenerationRequested("tiny-uint8", "m-tiny", null, 10, null, null, 3L, "uint8", tiny));
            io.flush();
            var dead = io.read(Topics.GENERATE_DLQ, "tiny-float"::equals, rs -> !rs.isEmpty(), TIMEOUT);
            String reason = header(dead.get(0), "synthstream-dlq-reason");
            assertTrue(reason.startsWith("one float32 sample of 'm-tiny' (shape 1×28×28, up to 3,136 bytes) does not fit in a record on '"
                    + tiny + "', which takes at most 3,000 bytes"), reason);
            var answered = io.answers(tiny, List.of("tiny-uint8"), TIMEOUT);
            assertEquals(10, samples(answered));
            assertEquals(5, answered.size(), "two 784-byte samples to a record of at most 3 000 bytes");
        }
    }

    @Test
    void aReplyTopicWhoseLimitIsLoweredGetsItsRecordsCutToTheNewLimitOnceItIsReadAgain() throws Exception {
        String topic = Topics.REPLY_TOPIC_PREFIX + "lowered";
        createTopic(topic, 1, 100_000);
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-lowered", 1, 0f);
            awaitLive("m-lowered");
            io.request(new GenerationRequested("before", "m-lowered", null, 64, null, null, 1L, "float32", topic));
            io.flush();
            assertEquals(64, samples(io.answers(topic, List.of("before"), TIMEOUT)));
            try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "20000"),
                        AlterConfigOp.OpType.SET)))).all().get();
            }
            // sent at once: records cut to the old limit are refused until the limit is read again (2 s in tests)
            io.request(new GenerationRequested("after", "m-lowered", null, 64, null, null, 1L, "float32", topic));
            io.flush();
            var after = io.answers(topic, List.of("after"), TIMEOUT);
            assertEquals(64, samples(after));
            for (var r : after) assertTrue(r.value().length < 20_000, r.value().length + " bytes");
        }
    }

    @Test
    void aReplyTopicCreatedAgainWithFewerPartitionsGetsItsAnswersOnceItIsReadAgain() throws Exception {
        String topic = Topics.REPLY_TOPIC_PREFIX + "recreated";
        createTopic(topic, 4, 1_048_576);
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap);
             var requests = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap),
                     new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            pub.publish("m-recreated", 1, 0f);
            awaitLive("m-recreated");
            // request partition 3: answered on the reply topic's partition 3 while it has 4
            java.util.function.Consumer<String> request = id -> requests.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    Topics.GENERATE_REQUESTS, 3, id, EventJson.toBytes(new GenerationRequested(id, "m-recreated", null, 5, null, null, 1L, "uint8", topic))));
            request.accept("to-four");
            requests.flush();
            var first = io.answers(topic, List.of("to-four"), TIMEOUT);
            assertEquals(3, first.get(0).partition());
            try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.deleteTopics(List.of(topic)).all().get();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (true) { // deletion completes asynchronously
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                        break;
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) || System.nanoTime() > deadline) throw e;
                        Thread.sleep(100);
                    }
                }
            }
            // partition 3 is gone, but the producer still knows it: sent there, the transaction fails once the producer gives
            // up (its max.block.ms, 5 s), and the retry reads the partition count again: one attempt lost,
            // where before every attempt went to partition 3 for ever, and the requests behind it waited
            request.accept("to-one");
            io.request(new GenerationRequested("behind-it", "m-recreated", null, 5, null, null, 1L, "uint8", null));
            requests.flush();
            io.flush();
            var second = io.answers(topic, List.of("to-one"), Duration.ofMinutes(4));
            assertEquals(5, samples(second));
            assertEquals(0, second.get(0).partition());
            assertEquals(5, samples(io.answers(Topics.GENERATE_SAMPLES, List.of("behind-it"), TIMEOUT)));
        }
    }
}
