package io.synthstream.generator.service;

import static io.synthstream.generator.service.KafkaIO.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.events.GenerationFailed;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.requests.OutputTopics;
import io.synthstream.generator.requests.RequestPlanner;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A request is answered as it was written or refused, never answered as another one: a misspelt field, a fraction
 * where an integer goes, another type or schema version, a key that is not its requestId are dead-lettered with a
 * reason that names what is wrong, and the client waiting on the reply path gets a failure record saying the same.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class RefusedRequestsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ModelRegistry registry;
    @Inject
    RequestPlanner planner;
    @Inject
    OutputTopics outputTopics;

    @Test
    void wrongRequestsAreRefusedOnTheDeadLetterTopicAndOnTheirReplyPath() throws Exception {
        String reply = Topics.REPLY_TOPIC_PREFIX + "strict-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(reply, 2, (short) 1))).all().get();
        }
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-strict", 1, 0f);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (registry.liveVersion("m-strict").isEmpty()) {
                if (System.nanoTime() > deadline) throw new AssertionError("m-strict never went live");
                Thread.sleep(50);
            }
            String to = ",\"model\":\"m-strict\",\"replyTo\":\"" + reply + "\"";
            Map<String, String> bad = new LinkedHashMap<>(); // key → payload
            bad.put("s-misspelt", "{\"requestId\":\"s-misspelt\"" + to + ",\"count\":3,\"labls\":[7,7,7]}");
            bad.put("s-fraction", "{\"requestId\":\"s-fraction\"" + to + ",\"count\":10.5}");
            bad.put("s-seed", "{\"requestId\":\"s-seed\"" + to + ",\"count\":2,\"seed\":1.5}");
            bad.put("s-type", "{\"type\":\"TrainingJobRequested\",\"requestId\":\"s-type\"" + to + ",\"count\":2}");
            bad.put("s-schema", "{\"schemaVersion\":99,\"requestId\":\"s-schema\"" + to + ",\"count\":2}");
            bad.put("s-key", "{\"requestId\":\"s-other\"" + to + ",\"count\":2}");
            bad.put("s-labels", "{\"requestId\":\"s-labels\"" + to + ",\"count\":3,\"labels\":[1,12,-1]}");
            bad.put("s-class-key", "{\"requestId\":\"s-class-key\"" + to + ",\"count\":2,\"classCounts\":{\"seven\":2}}");
            bad.put("s-no-model", "{\"requestId\":\"s-no-model\",\"model\":\"nope\",\"replyTo\":\"" + reply + "\",\"count\":2}");
            bad.put("s-default-path", "{\"requestId\":\"s-default-path\",\"model\":\"m-strict\",\"count\":2.0}");
            bad.forEach((key, json) -> io.send(key, json.getBytes(StandardCharsets.UTF_8)));
            io.send("s-good", ("{\"type\":\"GenerationRequested\",\"requestId\":\"s-good\"" + to + ",\"count\":3,\"format\":\"uint8\"}")
                    .getBytes(StandardCharsets.UTF_8));
            io.flush();

            var dead = io.read(Topics.GENERATE_DLQ, bad::containsKey, rs -> rs.size() >= bad.size(), TIMEOUT);
            Map<String, String> reasons = dead.stream().collect(Collectors.toMap(ConsumerRecord::key, r -> header(r, "synthstream-dlq-reason")));
            assertEquals(bad.keySet(), reasons.keySet(), "each refused once");
            assertTrue(reasons.get("s-misspelt").contains("at /labls: unknown field \"labls\""), reasons.get("s-misspelt"));
            assertTrue(reasons.get("s-fraction").contains("at /count: Cannot deserialize 10.5"), reasons.get("s-fraction"));
            assertTrue(reasons.get("s-seed").contains("at /seed: Cannot deserialize 1.5"), reasons.get("s-seed"));
            assertTrue(reasons.get("s-type").contains("type is \"TrainingJobRequested\""), reasons.get("s-type"));
            assertTrue(reasons.get("s-schema").contains("schemaVersion 99"), reasons.get("s-schema"));
            assertTrue(reasons.get("s-key").contains("the record key 's-key' is not the payload's requestId 's-other'"), reasons.get("s-key"));
            assertTrue(reasons.get("s-labels").contains("labels 12, -1 are not classes of m-strict"), reasons.get("s-labels"));
            assertTrue(reasons.get("s-class-key").contains("the keys of classCounts are integers"), reasons.get("s-class-key"));
            for (String reason : reasons.values()) assertFalse(reason.matches("(?s).*(java\\.|io\\.synthstream|`).*"), reason);

            // where the client waits: a failure record with the same reason, keyed like its answers; then the good one's samples
            List<String> onReply = bad.keySet().stream().filter(k -> !k.equals("s-default-path")).toList();
            var replies = io.read(reply, k -> onReply.contains(k) || k.equals("s-good"), rs -> onReply.stream()
                    .allMatch(k -> rs.stream().anyMatch(r -> r.key().equals(k))) && rs.stream().anyMatch(r -> r.key().equals("s-good")), TIMEOUT);
            for (var r : replies) {
                Optional<GenerationFailed> failure = FailureRecords.of(r);
                if (r.key().equals("s-good")) {
                    assertTrue(failure.isEmpty(), "samples are no failure");
                    assertEquals("3", header(r, "synthstream-sample-count"));
                    continue;
                }
                assertEquals(reasons.get(r.key()), failure.orElseThrow().reason(), r.key());
                assertEquals(r.key(), failure.get().requestId());
                assertEquals(null, header(r, "synthstream-sample-count"), "no sample headers on a failure record");
                assertEquals(null, header(r, "synthstream-last"));
            }
            var onSamples = io.read(Topics.GENERATE_SAMPLES, "s-default-path"::equals, rs -> !rs.isEmpty(), TIMEOUT);
            assertEquals(reasons.get("s-default-path"), FailureRecords.of(onSamples.get(0)).orElseThrow().reason(),
                    "without replyTo, the refusal is told on the samples topic");
        }
    }

    /** A request that answering fails on every time (the loop gives up on it): its client is told on its reply path too. */
    @Test
    void aRequestGivenUpOnIsToldOnItsReplyPathToo() throws Exception {
        String reply = Topics.REPLY_TOPIC_PREFIX + "poison-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(reply, 2, (short) 1))).all().get();
        }
        var processor = new GenerationRequestProcessor(); // its own, so the service's per-transaction counts stay as they are
        processor.planner = planner;
        processor.outputTopics = outputTopics;
        byte[] json = ("{\"requestId\":\"p-1\",\"model\":\"m\",\"count\":2,\"replyTo\":\"" + reply + "\"}").getBytes(StandardCharsets.UTF_8);
        List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
        processor.refuse(new ConsumerRecord<>(Topics.GENERATE_REQUESTS, 3, 17L, "p-1", json), "could not be answered (3 attempts): boom", sent::add);
        assertEquals(2, sent.size(), "a dead letter and a failure record");
        assertEquals(Topics.GENERATE_DLQ, sent.get(0).topic());
        var failure = sent.get(1);
        assertEquals(reply, failure.topic());
        assertEquals(1, failure.partition(), "the partition its answers take: request partition 3 modulo 2");
        assertEquals("p-1", failure.key());
        assertEquals("GenerationFailed", new String(failure.headers().lastHeader("synthstream-event-type").value(), StandardCharsets.UTF_8));
        assertEquals(new GenerationFailed("p-1", "could not be answered (3 attempts): boom"), EventJson.fromBytes(failure.value(), GenerationFailed.class));
    }
}
