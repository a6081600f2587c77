package io.synthstream.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.SyntheticMnist;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The whole system from its packaged services on a real broker: the trainer trains a small job
 * launched through the gateway and publishes a version; two generator replicas serve it; samples and
 * their PNG grid come back through the gateway; then, under a steady load, one generator replica is
 * killed and every request still completes exactly once.
 */
class WholeSystemIT {
    static final String ADMIN = "dev-admin-key", USER = "dev-user-key";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private int gatewayPort;

    JsonNode call(String method, String path, String body, String key) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path)).header("X-API-Key", key)
                .header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, method + " " + path + " → " + r.statusCode() + " " + r.body());
        return json.readTree(r.body());
    }

    @Test
    void trainServeAndSurviveAGeneratorCrash() throws Exception {
        String bootstrap = KafkaBrokerTestResource.bootstrapServers();
        TopicProvisioner.ensure(bootstrap);
        Path work = Files.createTempDirectory("synthstream-system");
        SyntheticMnist.write(work.resolve("data"), 60, 20);
        try (var services = new ServiceProcesses()) {
            int trainer = ServiceProcesses.freePort(), g1 = ServiceProcesses.freePort(), g2 = ServiceProcesses.freePort();
            gatewayPort = ServiceProcesses.freePort();
            Map<String, String> kafka = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            var trainerEnv = new HashMap<>(kafka);
            trainerEnv.putAll(Map.of("SYNTHSTREAM_DATA_DIR", work.resolve("data").toString(), "SYNTHSTREAM_TRAINER_DIR",
                    work.resolve("trainer").toString(), "DJL_CACHE_DIR", ServiceProcesses.ROOT.resolve(".local/djl-cache").toString(),
                    "SYNTHSTREAM_TRAINER_REFERENCE_EPOCHS", "2", "SYNTHSTREAM_TRAINER_TSTR_SAMPLES", "200",
                    // a 200-step model on synthetic bars is far under MNIST's floors: this test is about serving it
                    "SYNTHSTREAM_TRAINER_GATE_ENABLED", "false"));
            // the version's augmentation gain is measured (a small labelled set), with few updates: the figure is not what is tested
            trainerEnv.putAll(Map.of("SYNTHSTREAM_TRAINER_AUGMENTATION_GAIN_SEEDS", "1", "SYNTHSTREAM_TRAINER_AUGMENTATION_GAIN_STEPS", "20"));
            services.start("trainer", "trainer-service", trainer, trainerEnv);
            for (int i = 1; i <= 2; i++) {
                var env = new HashMap<>(kafka);
                env.putAll(Map.of("GENERATOR_INSTANCE_ID", "system-g" + i, "SYNTHSTREAM_GENERATOR_INTRA_OP_THREADS", "1"));
                services.start("generator-" + i, "generator-service", i == 1 ? g1 : g2, env);
            }
            var gwEnv = new HashMap<>(kafka);
            gwEnv.put("GATEWAY_INSTANCE_ID", "system-gw");
            services.start("gateway", "gateway", gatewayPort, gwEnv);
            services.await("http://127.0.0.1:" + trainer + "/q/health/ready", null, Duration.ofSeconds(90), null);
            services.await("http://127.0.0.1:" + gatewayPort + "/q/health/ready", null, Duration.ofSeconds(90), null);

            // 1. train a small job through the gateway
            String job = call("POST", "/api/v1/training-jobs", "{\"dataset\":\"mnist\",\"modelName\":\"system-model\",\"steps\":200,"
                    + "\"batchSize\":32,\"latentSize\":16,\"progressEverySteps\":50,\"fidelitySamplesPerClass\":10}", ADMIN).get("jobId").asText();
            services.await("http://127.0.0.1:" + gatewayPort + "/api/v1/training-jobs/" + job, "\"state\":\"done\"", Duration.ofMinutes(5), USER);
            JsonNode jobView = call("GET", "/api/v1/training-jobs/" + job, null, USER);
            assertEquals(1, jobView.get("latest").get("publishedVersion").asInt(), jobView.toString());
            services.await("http://127.0.0.1:" + gatewayPort + "/api/v1/models/system-model", "preview.png", Duration.ofSeconds(60), USER);
            services.await("http://127.0.0.1:" + g1 + "/q/health/ready", "system-model", Duration.ofSeconds(60), null);
            services.await("http://127.0.0.1:" + g2 + "/q/health/ready", "system-model", Duration.ofSeconds(60), null);

            // 2. samples and their grid through the gateway
            JsonNode g = call("POST", "/api/v1/generations?wait=30", "{\"model\":\"system-model\",\"count\":20,\"seed\":4}", USER);
            assertEquals("done", g.get("status").asText(), g.toString());
            assertEquals(20, g.get("samples").size());
            for (int i = 0; i < 20; i++) {
                JsonNode s = g.get("samples").get(i);
                assertEquals(i % 10, s.get("label").asInt());
                var img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(s.get("data").asText())));
                assertEquals(28, img.getWidth());
            }
            var grid = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + g.get("links").get("grid").asText()))
                    .header("X-API-Key", USER).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, grid.statusCode());
            assertEquals(10 * 58 + 2, ImageIO.read(new ByteArrayInputStream(grid.body())).getWidth());

            // 3. a steady load while one generator replica is killed
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                ids.add(call("POST", "/api/v1/generations", "{\"model\":\"system-model\",\"count\":8,\"format\":\"uint8\"}", USER)
                        .get("id").asText());
                if (i == 50) services.kill("generator-1");
                Thread.sleep(50);
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            for (String id : ids) {
                while (!"done".equals(call("GET", "/api/v1/generations/" + id, null, USER).get("status").asText())) {
                    assertTrue(System.nanoTime() < deadline, "generation " + id + " did not complete after the crash");
                    Thread.sleep(200);
                }
            }
            // exactly once, as a read_committed consumer of the gateway's reply topic sees it
            Map<String, Integer> records = new HashMap<>();
            try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "system-check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of("synthstream.generate.replies.gateway-system-gw"));
                long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < end) {
                    for (var r : c.poll(Duration.ofMillis(500))) {
                        if (r.key() == null) continue; // the gateway's start marker (GatewayBeans.markStarted), not an answer
                        assertEquals("0", new String(r.headers().lastHeader("synthstream-batch-index").value(), StandardCharsets.UTF_8));
                        records.merge(r.key(), 1, Integer::sum);
                    }
                    if (ids.stream().allMatch(records::containsKey)) end = Math.min(end, System.nanoTime() + 3_000_000_000L);
                }
            }
            for (String id : ids) assertEquals(1, records.getOrDefault(id, 0), id + " answered " + records.get(id) + " times");
        }
    }
}
