package io.synthstream.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.gateway.bridges.GatewayBeans;
import io.synthstream.gateway.bridges.ReplyTopicSweeper;
import io.synthstream.testing.KafkaBrokerTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Reply topics on the real broker: this gateway's own expires its answers and is marked in use at start; the sweep deletes
 * the topics of gateways that are gone and nothing else. (The sweep at start is off in tests: it would race these.)
 */
@QuarkusTest
@org.junit.jupiter.api.Order(3)
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(GeneratorProcessResource.class)
class ReplyTopicsTest {
    static final Duration HOUR = Duration.ofHours(1);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    GatewayConfig config;

    @Test
    void thisGatewaysReplyTopicKeepsAnswersAnHourAndIsMarkedInUseAtStart() throws Exception {
        String own = GatewayBeans.replyTopic(config);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, own);
            String retention = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get("retention.ms").value();
            assertEquals(String.valueOf(HOUR.toMillis()), retention);
            var partitions = admin.describeTopics(List.of(own)).allTopicNames().get(30, TimeUnit.SECONDS).get(own).partitions();
            long records = 0;
            for (var p : partitions) {
                records += admin.listOffsets(Map.of(new TopicPartition(own, p.partition()), OffsetSpec.latest())).all()
                        .get(30, TimeUnit.SECONDS).values().iterator().next().offset();
            }
            assertTrue(records >= 1, "the record written at start: another gateway's sweep tells a started gateway's topic from a starting one's");
        }
    }

    @Test
    void theSweepDeletesOnlyTheReplyTopicsOfGatewaysThatAreGone() throws Exception {
        String run = Long.toString(System.nanoTime());
        String prefix = ReplyTopicSweeper.GATEWAY_REPLY_PREFIX;
        String gone = prefix + "gone-" + run, recent = prefix + "recent-" + run, starting = prefix + "starting-" + run,
                consumed = prefix + "consumed-" + run, own = prefix + "own-" + run, client = "synthstream.generate.replies.client-" + run;
        long twoHoursAgo = System.currentTimeMillis() - 2 * HOUR.toMillis();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer());
             var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "live-gateway-" + run),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            admin.createTopics(List.of(gone, recent, starting, consumed, own, client).stream()
                    .map(t -> new NewTopic(t, Optional.of(2), Optional.empty())).toList()).all().get(30, TimeUnit.SECONDS);
            for (String t : List.of(gone, consumed, own, client)) producer.send(new ProducerRecord<>(t, 0, twoHoursAgo, "r", new byte[1])).get();
            producer.send(new ProducerRecord<>(gone, 1, twoHoursAgo - 1000, "r", new byte[1])).get();
            producer.send(new ProducerRecord<>(recent, 1, twoHoursAgo, "r", new byte[1])).get();
            producer.send(new ProducerRecord<>(recent, 0, System.currentTimeMillis() - 60_000, "r", new byte[1])).get(); // a minute old
            // a gateway that is alive and idle: nothing new for hours, but its consumer holds the topic
            consumer.subscribe(List.of(consumed));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) consumer.poll(Duration.ofMillis(100));
            assertTrue(!consumer.assignment().isEmpty(), "the live gateway's consumer is assigned its topic");

            List<String> deleted = new ReplyTopicSweeper(admin, own, HOUR).sweep(Duration.ofMillis(300));

            assertEquals(List.of(gone), deleted, "only the topic of a gateway that is gone");
            Set<String> left = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(!left.contains(gone), "deleted: " + left);
            assertTrue(left.containsAll(List.of(recent, starting, consumed, own, client)),
                    "a recent answer, a gateway starting (never written), a consumed topic, this gateway's own and a client's stay: " + left);
        }
    }
}
