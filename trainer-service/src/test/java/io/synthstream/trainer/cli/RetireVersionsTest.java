package io.synthstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code retire} and {@code models} on a real broker: what retire writes is what every reader of the model topics then sees. */
class RetireVersionsTest {
    static String bootstrap;
    static KafkaConnection kafka;

    @BeforeAll
    static void broker() {
        bootstrap = KafkaBrokerTestResource.bootstrapServers();
        kafka = KafkaConnection.of(bootstrap);
        TopicProvisioner.ensure(kafka);
    }

    record Run(int exit, String out, String err) {
    }

    static Run retire(String... args) {
        return cli("retire", args);
    }

    static Run cli(String command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new java.util.ArrayList<>(List.of(command, "--bootstrap-servers", bootstrap));
        all.addAll(List.of(args));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void modelsListsEveryPublishedVersionAndWhichAnswers() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            for (long v = 1; v <= 3; v++) pub.publish("m-list", v, 0f);
        }
        Run unpinned = cli("models");
        assertEquals(0, unpinned.exit(), unpinned.err());
        List<String> lines = unpinned.out().lines().filter(l -> l.startsWith("m-list ")).toList();
        assertEquals(3, lines.size(), unpinned.out());
        assertTrue(lines.get(2).matches("m-list v3 +live .*") && lines.get(0).matches("m-list v1 {16,}2.*"), unpinned.out());
        assertTrue(lines.get(0).contains("label fidelity 0.900"), lines.get(0));

        pin("m-list", 2L);
        send(new ModelRolloutChanged("m-list", ModelRolloutChanged.CANARY, 2L, 0.25, "canary", Instant.now()));
        List<String> pinned = cli("models").out().lines().filter(l -> l.startsWith("m-list ")).toList();
        assertTrue(pinned.get(1).matches("m-list v2 +live \\(pinned\\) .*") && pinned.get(2).matches("m-list v3 +canary 25 % .*"),
                String.join("\n", pinned));
    }

    @Test
    void retiresOldVersionsButNeverTheNewestOrThePinnedLiveOne() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            for (long v = 1; v <= 4; v++) pub.publish("m-old", v, 0f);
            pub.publish("m-kept", 1, 0f);
        }
        pin("m-old", 2L);

        Run dry = retire("--model", "m-old", "--keep", "1", "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("would retire m-old v1") && dry.out().contains("would retire m-old v3"), dry.out());
        assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(ModelTopicSnapshot.versions(kafka, "m-old").keySet()), "a dry run changes nothing");

        Run newest = retire("--model", "m-old", "--version", "4");
        assertEquals(1, newest.exit());
        assertTrue(newest.err().contains("error: m-old v4 is the newest version"), newest.err());
        Run pinned = retire("--model", "m-old", "--version", "2");
        assertEquals(1, pinned.exit());
        assertTrue(pinned.err().contains("error: m-old v2 is pinned live by the rollout"), pinned.err());

        Run run = retire("--model", "m-old", "--keep", "1");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("retired 2 version(s) of m-old; published now: [2, 4]"), run.out());
        assertEquals(List.of(2L, 4L), List.copyOf(ModelTopicSnapshot.versions(kafka, "m-old").keySet()));
        assertEquals(List.of(1L), List.copyOf(ModelTopicSnapshot.versions(kafka, "m-kept").keySet()), "other models are untouched");
        assertEquals(Map.of(), chunksOf("m-old/1/", "m-old/3/"), "every chunk of a retired version ends in a tombstone");
        assertTrue(!chunksOf("m-old/2/", "m-old/4/").isEmpty(), "kept versions keep their chunks");

        Run again = retire("--model", "m-old", "--keep", "1");
        assertTrue(again.out().contains("nothing to retire"), again.out());
        Run unknown = retire("--model", "no-such-model", "--keep", "1");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no published versions of 'no-such-model'"), unknown.err());
    }

    /** The artifact topic's latest value per chunk key of these version prefixes, tombstones left out. */
    private static Map<String, byte[]> chunksOf(String... prefixes) {
        Map<String, byte[]> latest = new HashMap<>();
        ModelTopicSnapshot.readToEnd(kafka, List.of(Topics.MODEL_ARTIFACTS), r -> {
            if (List.of(prefixes).stream().noneMatch(r.key()::startsWith)) return;
            if (r.value() == null) latest.remove(r.key());
            else latest.put(r.key(), r.value());
        });
        return latest;
    }

    private static void pin(String model, long version) throws Exception {
        send(new ModelRolloutChanged(model, ModelRolloutChanged.IMMEDIATE, version, null, "test rollback", Instant.now()));
    }

    private static void send(ModelRolloutChanged policy) throws Exception {
        try (var p = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.MODEL_ROLLOUT, policy.modelName(), EventJson.toBytes(policy))).get();
        }
    }
}
