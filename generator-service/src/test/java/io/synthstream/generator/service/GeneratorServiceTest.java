package io.synthstream.generator.service;

import static io.restassured.RestAssured.given;
import static io.synthstream.generator.service.KafkaIO.header;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.Topics;
import java.time.Instant;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.exactlyonce.TransactionalRequestLoop;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.generator.models.ModelVersionFollower;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The generator service on a real in-process Kafka broker, with real ONNX generators published the trainer's way. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class GeneratorServiceTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ModelRegistry registry;
    @Inject
    GeneratorLoader loader;
    @Inject
    TransactionalRequestLoop requestLoop;

    void awaitLive(String model, long version) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!registry.liveVersion(model).map(v -> v == version).orElse(false)) {
            if (System.nanoTime() > deadline) throw new AssertionError(model + " v" + version + " never went live: " + registry.loadedVersions());
            Thread.sleep(50);
        }
    }

    /** Publishes versions 1, 2, … of a model (one per offset: samples average near tanh(offset)) and waits until the last is live. */
    List<ModelVersionPublished> publishLive(TestModelPublisher pub, String model, float... offsets) throws InterruptedException {
        List<ModelVersionPublished> out = new ArrayList<>();
        for (int v = 1; v <= offsets.length; v++) out.add(pub.publish(model, v, offsets[v - 1]));
        awaitLive(model, offsets.length);
        return out;
    }

    static GenerationRequested request(String id, String model, Long version, int count, Long seed, String format) {
        return new GenerationRequested(id, model, version, count, null, null, seed, format, null);
    }

    @Test
    void answersInEveryFormatWithDocumentedHeadersAndPayloads() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-formats", 1, 0f);
            awaitLive("m-formats", 1);
            io.request(request("f-float", "m-formats", null, 300, 1L, "float32"));
            io.request(request("f-uint8", "m-formats", null, 20, 1L, "uint8"));
            io.request(new GenerationRequested("f-png", "m-formats", null, 3, List.of(7, 7, 2), null, 1L, "png", null));
            io.flush();
            var all = io.answers(Topics.GENERATE_SAMPLES, List.of("f-float", "f-uint8", "f-png"), TIMEOUT);

            var floats = of(all, "f-float");
            assertEquals(2, floats.size(), "300 samples at 256 per record");
            assertEquals(List.of("0", "1"), floats.stream().map(r -> header(r, "synthstream-batch-index")).toList());
            assertEquals("2", header(floats.get(0), "synthstream-batch-count"));
            assertEquals("256", header(floats.get(0), "synthstream-sample-count"));
            assertEquals("44", header(floats.get(1), "synthstream-sample-count"));
            assertEquals("256", header(floats.get(1), "synthstream-first-sample"));
            assertEquals("false", header(floats.get(0), "synthstream-last"));
            assertEquals("true", header(floats.get(1), "synthstream-last"));
            assertEquals("1,28,28", header(floats.get(0), "synthstream-shape"));
            assertEquals("float32", header(floats.get(0), "synthstream-format"));
            assertEquals("m-formats", header(floats.get(0), "synthstream-model"));
            assertEquals("1", header(floats.get(0), "synthstream-version"));
            assertTrue(header(floats.get(0), "synthstream-labels").startsWith("0,1,2,3,4,5,6,7,8,9,0,1"), "balanced by default");
            assertEquals(256 * 784 * 4, floats.get(0).value().length);
            ByteBuffer fb = ByteBuffer.wrap(floats.get(1).value()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 44 * 784; i++) {
                float v = fb.getFloat();
                assertTrue(v >= -1 && v <= 1, "value " + v);
            }

            var bytes = of(all, "f-uint8");
            assertEquals(1, bytes.size());
            assertEquals(20 * 784, bytes.get(0).value().length);

            var png = of(all, "f-png").get(0);
            assertEquals("7,7,2", header(png, "synthstream-labels"));
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(png.value()));
            for (int i = 0; i < 3; i++) {
                byte[] one = in.readNBytes(in.readInt());
                var img = ImageIO.read(new ByteArrayInputStream(one));
                assertEquals(28, img.getWidth());
                assertEquals(28, img.getHeight());
            }
            assertEquals(0, in.available());
        }
    }

    @Test
    void sameSeedAndVersionGiveIdenticalSamplesAndPinsAreHonoured() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            publishLive(pub, "m-pin", -0.8f, 0.8f);
            io.request(request("p-a", "m-pin", 1L, 50, 99L, "float32"));
            io.request(request("p-b", "m-pin", 1L, 50, 99L, "float32"));
            io.request(request("p-c", "m-pin", 1L, 50, 100L, "float32"));
            io.request(request("p-live", "m-pin", null, 50, 99L, "float32"));
            io.flush();
            var all = io.answers(Topics.GENERATE_SAMPLES, List.of("p-a", "p-b", "p-c", "p-live"), TIMEOUT);
            byte[] a = of(all, "p-a").get(0).value(), b = of(all, "p-b").get(0).value(), c = of(all, "p-c").get(0).value();
            assertArrayEquals(a, b, "same seed + version → identical samples");
            assertNotEquals(ByteBuffer.wrap(a), ByteBuffer.wrap(c), "another seed → other samples");
            assertEquals("1", header(of(all, "p-a").get(0), "synthstream-version"));
            assertEquals("99", header(of(all, "p-a").get(0), "synthstream-seed"));
            var live = of(all, "p-live").get(0);
            assertEquals("2", header(live, "synthstream-version"));
            assertTrue(mean(live.value()) > 0.3 && mean(a) < -0.3, "v1 is dark, v2 bright: " + mean(a) + " / " + mean(live.value()));
        }
    }

    @Test
    void invalidRequestsGoToTheDeadLetterTopicWithTheirReasonAndServiceGoesOn() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-dlq", 1, 0f);
            awaitLive("m-dlq", 1);
            Map<String, byte[]> bad = new HashMap<>();
            bad.put("d-json", "{nope".getBytes(StandardCharsets.UTF_8));
            bad.put("d-model", json(request("d-model", "no-such-model", null, 5, null, null)));
            bad.put("d-version", json(request("d-version", "m-dlq", 42L, 5, null, null)));
            bad.put("d-zero", json(request("d-zero", "m-dlq", null, 0, null, null)));
            bad.put("d-huge", json(request("d-huge", "m-dlq", null, 10_000_000, null, null)));
            bad.put("d-labels", json(new GenerationRequested("d-labels", "m-dlq", null, 2, List.of(3, 12), null, null, null, null)));
            bad.put("d-format", json(request("d-format", "m-dlq", null, 2, null, "jpeg")));
            bad.put("d-reply", json(new GenerationRequested("d-reply", "m-dlq", null, 2, null, null, null, null, "payments.ledger")));
            bad.put("d-reply-missing", json(new GenerationRequested("d-reply-missing", "m-dlq", null, 2, null, null, null, null,
                    Topics.REPLY_TOPIC_PREFIX + "nobody")));
            bad.forEach(io::send);
            io.request(request("d-good", "m-dlq", null, 4, null, "uint8"));
            io.flush();
            var dead = io.read(Topics.GENERATE_DLQ, bad::containsKey, rs -> rs.size() >= bad.size(), TIMEOUT);
            Map<String, String> reasons = dead.stream().collect(Collectors.toMap(ConsumerRecord::key, r -> header(r, "synthstream-dlq-reason")));
            assertTrue(reasons.get("d-json").startsWith("not a valid GenerationRequested"), reasons.get("d-json"));
            assertEquals("unknown model 'no-such-model'", reasons.get("d-model"));
            assertTrue(reasons.get("d-version").startsWith("version 42 of 'm-dlq' is not available"), reasons.get("d-version"));
            assertTrue(reasons.get("d-zero").contains("count must be in [1, 100000], got 0"), reasons.get("d-zero"));
            assertTrue(reasons.get("d-huge").contains("got 10000000"), reasons.get("d-huge"));
            assertTrue(reasons.get("d-labels").contains("label 12 is not a class of m-dlq"), reasons.get("d-labels"));
            assertTrue(reasons.get("d-format").contains("format must be one of"), reasons.get("d-format"));
            assertTrue(reasons.get("d-reply").contains("replyTo must be a topic named synthstream.generate.replies."), reasons.get("d-reply"));
            assertEquals("reply topic 'synthstream.generate.replies.nobody' does not exist", reasons.get("d-reply-missing"));
            for (var r : dead) {
                assertArrayEquals(bad.get(r.key()), r.value(), "the original payload is kept");
                assertEquals(Topics.GENERATE_REQUESTS, header(r, "synthstream-dlq-topic"));
                assertTrue(header(r, "synthstream-dlq-offset").matches("\\d+"));
            }
            var good = io.answers(Topics.GENERATE_SAMPLES, List.of("d-good"), TIMEOUT);
            assertEquals(4 * 784, good.get(0).value().length);
        }
    }

    @Test
    void aRetiredVersionIsNoLongerServedHereNorLoadedByAnInstanceStartingLater() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            var v1 = publishLive(pub, "m-retire", -0.5f, 0.5f).get(0);
            awaitLoaded("m-retire", List.of(1L, 2L));
            pub.retire(v1);
            awaitLoaded("m-retire", List.of(2L));
            io.request(request("r-pinned", "m-retire", 1L, 3, null, null));
            io.request(request("r-live", "m-retire", null, 3, null, null));
            io.flush();
            var dead = io.read(Topics.GENERATE_DLQ, "r-pinned"::equals, rs -> !rs.isEmpty(), TIMEOUT);
            assertTrue(header(dead.get(0), "synthstream-dlq-reason").startsWith("version 1 of 'm-retire' is not available"),
                    header(dead.get(0), "synthstream-dlq-reason"));
            assertEquals("2", header(io.answers(Topics.GENERATE_SAMPLES, List.of("r-live"), TIMEOUT).get(0), "synthstream-version"));

            // an instance that starts now replays v1's event and then its tombstone (compaction has not run): it loads v2 only
            ModelRegistry later = startedLater();
            try {
                assertEquals(List.of(2L), later.loadedVersions().get("m-retire"));
            } finally {
                later.clear();
            }
        }
    }

    @Test
    void aRollbackHoldsWhileNewerVersionsArriveAndAcrossARestart() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            publishLive(pub, "m-roll", -0.5f, 0.5f);
            awaitLoaded("m-roll", List.of(1L, 2L));
            pin(io, "m-roll", 1L, "rollback");
            io.flush();
            awaitLive("m-roll", 1);
            pub.publish("m-roll", 3, 0.2f);
            pub.publish("m-roll", 4, 0.3f);
            awaitLoaded("m-roll", List.of(1L, 3L, 4L));
            io.request(request("k-live", "m-roll", null, 3, null, null));
            io.flush();
            assertEquals("1", header(io.answers(Topics.GENERATE_SAMPLES, List.of("k-live"), TIMEOUT).get(0), "synthstream-version"),
                    "the rollback survives two newer versions");

            ModelRegistry later = startedLater();
            try {
                assertEquals(List.of(1L, 3L, 4L), later.loadedVersions().get("m-roll"), "an instance started now keeps it too");
                assertEquals(1L, later.liveVersion("m-roll").orElseThrow());
            } finally {
                later.clear();
            }
        }
    }

    @Test
    void aPinToAVersionPushedOutIsReadAgainFromTheArtifactTopicAndATombstoneHandsLiveBackToTheNewest() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            publishLive(pub, "m-pin-old", -0.5f, 0.5f, 0.2f);
            awaitLoaded("m-pin-old", List.of(2L, 3L)); // keep 2: v1 was pushed out, its chunks dropped
            pin(io, "m-pin-old", 1L, "promote v1");
            io.flush();
            awaitLive("m-pin-old", 1);
            assertEquals(List.of(1L, 2L, 3L), registry.loadedVersions().get("m-pin-old"));
            awaitLiveVersionGauge("m-pin-old", 1); // the gauge follows the rollout
            given().when().get("/q/health/ready").then().body("checks.find { it.name == 'generator-models' }.data.liveVersions",
                    containsString("m-pin-old=1"));
            io.request(request("o-live", "m-pin-old", null, 20, null, SampleFormat.FLOAT32.wireName()));
            io.flush();
            var answer = io.answers(Topics.GENERATE_SAMPLES, List.of("o-live"), TIMEOUT).get(0);
            assertEquals("1", header(answer, "synthstream-version"));
            assertTrue(mean(answer.value()) < 0, "v1's samples (near tanh(-0.5)), not v3's (near tanh(0.2)): " + mean(answer.value()));

            // a pin to a version never published is only logged: the newest answers, and v1 (no longer pinned) goes
            pin(io, "m-pin-old", 9L, "promote v9");
            io.flush();
            awaitLoaded("m-pin-old", List.of(2L, 3L));
            assertEquals(3L, registry.liveVersion("m-pin-old").orElseThrow());

            // pinned again, read again; then a tombstone removes the policy: the newest is live, v1 goes
            pin(io, "m-pin-old", 1L, "promote v1");
            io.flush();
            awaitLoaded("m-pin-old", List.of(1L, 2L, 3L));
            awaitLive("m-pin-old", 1);
            io.send(Topics.MODEL_ROLLOUT, "m-pin-old", null);
            io.flush();
            awaitLoaded("m-pin-old", List.of(2L, 3L));
            assertEquals(3L, registry.liveVersion("m-pin-old").orElseThrow());
            assertTrue(registry.policy("m-pin-old").isEmpty());
            awaitLiveVersionGauge("m-pin-old", 3);
        }
    }

    /** Writes the model's rollout policy: {@code version} live for unpinned requests (the gateway's promote / rollback). */
    static void pin(KafkaIO io, String model, long version, String reason) {
        io.send(Topics.MODEL_ROLLOUT, model, EventJson.toBytes(new ModelRolloutChanged(model, ModelRolloutChanged.IMMEDIATE, version, null,
                reason, Instant.now())));
    }

    /** A registry filled by a follower that starts now and replays the model topics, as a new instance's would be. */
    ModelRegistry startedLater() throws InterruptedException {
        ModelRegistry later = new ModelRegistry(2, g -> { });
        var listener = new ModelVersionFollower.Listener() {
            volatile boolean caughtUp;

            @Override
            public void refused(String versionKey, String reason) {
            }

            @Override
            public void caughtUp() {
                caughtUp = true;
            }
        };
        try (var follower = new ModelVersionFollower(KafkaConnection.of(bootstrap), loader, later, 2, listener)) {
            new Thread(follower, "later-follower").start();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!listener.caughtUp) {
                if (System.nanoTime() > deadline) throw new AssertionError("the later follower never caught up");
                Thread.sleep(50);
            }
        }
        return later;
    }

    void awaitLoaded(String model, List<Long> versions) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!versions.equals(registry.loadedVersions().get(model))) {
            if (System.nanoTime() > deadline) throw new AssertionError(model + ": loaded " + registry.loadedVersions().get(model) + ", expected " + versions);
            Thread.sleep(50);
        }
    }

    @Test
    void aBadArtifactIsRefusedAndTheLastGoodVersionKeepsServing() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-bad", 1, 0.5f);
            awaitLive("m-bad", 1);
            double refusedBefore = refusedCount();
            byte[] good = TestGenerators.linearTanh(TestModelPublisher.LATENT, 10, 28, 28, 2, 0f);
            pub.publish("m-bad", 2, good, TestModelPublisher.contract(TestModelPublisher.LATENT), "00".repeat(32)); // checksum mismatch
            pub.publish("m-bad", 3, "definitely not onnx".getBytes(StandardCharsets.UTF_8),
                    TestModelPublisher.contract(TestModelPublisher.LATENT), null);                                           // unloadable
            pub.publish("m-bad", 4, good, TestModelPublisher.contract(16), null);                                           // contract mismatch
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (refusedCount() < refusedBefore + 3) {
                if (System.nanoTime() > deadline) throw new AssertionError("refused count stayed at " + refusedCount());
                Thread.sleep(100);
            }
            assertEquals(List.of(1L), registry.loadedVersions().get("m-bad"));
            io.request(request("b-after", "m-bad", null, 3, null, null));
            io.flush();
            assertEquals("1", header(io.answers(Topics.GENERATE_SAMPLES, List.of("b-after"), TIMEOUT).get(0), "synthstream-version"));
        }
    }

    @Test
    void hotSwapUnderLoadAnswersEveryRequestOnceAndSwitchesVersions() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publish("m-swap", 1, -0.5f);
            awaitLive("m-swap", 1);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = "s-" + i;
                ids.add(id);
                io.request(request(id, "m-swap", null, 16, null, "uint8"));
                if (i == 150) pub.publish("m-swap", 2, 0.5f);
                Thread.sleep(5);
            }
            io.flush();
            var all = io.answers(Topics.GENERATE_SAMPLES, ids, Duration.ofSeconds(90));
            Map<String, List<ConsumerRecord<String, byte[]>>> byId = all.stream().collect(Collectors.groupingBy(ConsumerRecord::key));
            assertEquals(400, byId.size());
            byId.forEach((id, records) -> assertEquals(1, records.size(), id + " answered " + records.size() + " times"));
            List<String> versions = ids.stream().map(id -> header(byId.get(id).get(0), "synthstream-version")).toList();
            assertEquals("1", versions.get(0));
            assertEquals("2", versions.get(399));
            // A partition is answered in order, so per request partition the version never goes back from 2 to 1.
            // (Across partitions a batch in flight may still finish on v1 after another partition switched.)
            Map<Integer, List<String>> perPartition = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                int partition = org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(ids.get(i).getBytes(StandardCharsets.UTF_8))) % Topics.REQUEST_PARTITIONS;
                perPartition.computeIfAbsent(partition, k -> new ArrayList<>()).add(versions.get(i));
            }
            perPartition.forEach((partition, vs) -> {
                int firstV2 = vs.indexOf("2");
                assertTrue(firstV2 >= 0 && vs.subList(firstV2, vs.size()).stream().allMatch("2"::equals),
                        "partition " + partition + ": once v2 answers, v1 never does again: " + vs);
            });
        }
    }

    @Test
    void readinessReportsTheDeviceAndLoadedVersions() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'generator-models' }.data.device", org.hamcrest.Matchers.is("cpu()"))
                // the test profile says auto: on the CPU build it must end on the CPU and say why
                .body("checks.find { it.name == 'generator-models' }.data.deviceReason", containsString("no CUDA execution provider"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("synthstream_generator_loaded_versions"));
    }

    @Test
    void aModelFollowerThatStopsForGoodTakesLivenessDown() throws InterruptedException {
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'generator-threads' }.status", org.hamcrest.Matchers.is("UP"));
        var loadedThere = new ModelRegistry(2, g -> { });
        var failing = new ModelVersionFollower(KafkaConnection.of(bootstrap), loader, loadedThere, 2,
                new ModelVersionFollower.Listener() {
                    @Override
                    public void refused(String versionKey, String reason) {
                    }

                    @Override
                    public void caughtUp() {
                        throw new IllegalStateException("a bug after the replay");
                    }
                });
        Thread t = new Thread(failing, "failing-follower");
        t.setUncaughtExceptionHandler((thread, e) -> { }); // expected
        t.start();
        t.join(TIMEOUT.toMillis());
        loadedThere.clear();
        assertTrue(failing.failure() != null && failing.failure().contains("a bug after the replay"), "reports why: " + failing.failure());
        var liveness = new ServingThreadsLiveness();
        liveness.requests = requestLoop;
        liveness.follower = failing;
        var response = liveness.call();
        assertEquals(org.eclipse.microprofile.health.HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(response.getData().orElseThrow().get("model-version-follower").toString().contains("a bug after the replay"));
    }

    /** The swap is reported just after the registry changed: the gauge is waited for, not read once. */
    static void awaitLiveVersionGauge(String model, long version) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        double seen = Double.NaN;
        while (System.nanoTime() < deadline) {
            String metrics = given().when().get("/q/metrics").then().extract().asString();
            seen = metrics.lines().filter(l -> l.startsWith("synthstream_generator_live_version{") && l.contains("model=\"" + model + "\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
            if (seen == version) return;
            Thread.sleep(50);
        }
        throw new AssertionError("synthstream_generator_live_version{model=" + model + "} is " + seen + ", expected " + version);
    }

    static double refusedCount() {
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        return metrics.lines().filter(l -> l.startsWith("synthstream_generator_artifacts_refused_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    static List<ConsumerRecord<String, byte[]>> of(List<ConsumerRecord<String, byte[]>> all, String id) {
        return all.stream().filter(r -> id.equals(r.key()))
                .sorted(Comparator.comparingInt(r -> Integer.parseInt(header(r, "synthstream-batch-index")))).toList();
    }

    static double mean(byte[] float32) {
        var fb = ByteBuffer.wrap(float32).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        double s = 0;
        int n = fb.remaining();
        while (fb.hasRemaining()) s += fb.get();
        return s / n;
    }

    static byte[] json(GenerationRequested r) {
        return io.synthstream.contracts.codec.EventJson.toBytes(r);
    }
}
