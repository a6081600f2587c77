package io.synthstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged generator instances share the request topic; one is killed (SIGKILL) mid-stream and
 * restarted. A read_committed reader must see every request answered exactly once.
 */
class ExactlyOnceAcrossCrashIT {
    static final int REQUESTS = 600;
    static final int COUNT = 40; // 40 samples at 16 per record: 3 records per request
    private final List<Process> processes = new ArrayList<>();
    private final String bootstrap = KafkaBrokerTestResource.bootstrapServers();

    Process start(String instanceId, int port) throws Exception {
        Path log = Path.of("target", "it-logs", instanceId + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", "target/quarkus-app/quarkus-run.jar");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("GENERATOR_INSTANCE_ID", instanceId);
        pb.environment().put("SYNTHSTREAM_GENERATOR_SAMPLES_PER_RECORD", "16");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    static void awaitReady(int port, Process p) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new AssertionError("instance on port " + port + " exited");
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("instance on port " + port + " not ready in 90 s");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void killingAnInstanceMidStreamLosesAndDuplicatesNothing() throws Exception {
        assertTrue(new File("target/quarkus-app/quarkus-run.jar").exists(), "run after package");
        TopicProvisioner.ensure(bootstrap);
        try (var pub = new TestModelPublisher(bootstrap)) {
            pub.publish("eo-model", 1, 0f);
        }
        int portA = freePort(), portB = freePort();
        Process a = start("eo-a", portA);
        Process b = start("eo-b", portB);
        awaitReady(portA, a);
        awaitReady(portB, b);

        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 1),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < REQUESTS; i++) {
                String id = "eo-" + i;
                var r = new GenerationRequested(id, "eo-model", null, COUNT, null, null, (long) i, "uint8", null);
                producer.send(new ProducerRecord<>(Topics.GENERATE_REQUESTS, id, EventJson.toBytes(r)));
                if (i == REQUESTS / 4) {
                    producer.flush();
                    a.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, a transaction may be open
                }
                if (i == REQUESTS / 2) {
                    a = start("eo-a", portA); // back with the same instance id: fences and aborts the dead one's transaction
                }
                Thread.sleep(10);
            }
        }
        awaitReady(portA, a);

        Map<String, List<Integer>> batches = new HashMap<>();
        Map<String, Integer> lasts = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "eo-check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.GENERATE_SAMPLES));
            while (lasts.size() < REQUESTS && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    if (r.key() == null || !r.key().startsWith("eo-")) continue;
                    int index = Integer.parseInt(new String(r.headers().lastHeader("synthstream-batch-index").value(), StandardCharsets.UTF_8));
                    batches.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(index);
                    if ("true".equals(new String(r.headers().lastHeader("synthstream-last").value(), StandardCharsets.UTF_8))) {
                        lasts.merge(r.key(), 1, Integer::sum);
                    }
                }
            }
            // keep reading a little: a duplicate would arrive after the originals
            long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < settle) {
                for (var r : c.poll(Duration.ofMillis(300))) {
                    if (r.key() != null && r.key().startsWith("eo-")) batches.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(-1);
                }
            }
        }
        assertEquals(REQUESTS, lasts.size(), "every request answered");
        for (int i = 0; i < REQUESTS; i++) {
            String id = "eo-" + i;
            assertEquals(List.of(0, 1, 2), batches.get(id), id + ": each record exactly once, in order");
            assertEquals(1, lasts.get(id), id);
        }
        Set<String> unexpected = new HashSet<>(batches.keySet());
        unexpected.removeIf(k -> k.matches("eo-\\d+"));
        assertTrue(unexpected.isEmpty(), unexpected.toString());
    }
}
