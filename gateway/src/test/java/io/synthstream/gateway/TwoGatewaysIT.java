package io.synthstream.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateway instances behind one generator: each answer reaches the instance that asked,
 * and a restarted gateway rebuilds its view of the models from Kafka.
 */
class TwoGatewaysIT {
    private final List<Process> processes = new ArrayList<>();
    private final String bootstrap = KafkaBrokerTestResource.bootstrapServers();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    Process start(Path jar, String name, int port, String... env) throws Exception {
        Path log = Path.of("target", "it-logs", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar",
                jar.toString());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    void awaitReady(int port, String path) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("X-API-Key", "dev-user-key").build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && (!path.contains("models") || r.body().contains("it-model"))) return;
            } catch (java.io.IOException starting) {
                // not yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("port " + port + path + " not ready in 90 s");
    }

    JsonNode generate(int port, int count) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/generations?wait=30"))
                .header("X-API-Key", "dev-user-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"it-model\",\"count\":" + count + ",\"format\":\"uint8\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void eachAnswerReachesTheInstanceThatAskedAndARestartRebuildsTheView() throws Exception {
        TopicProvisioner.ensure(bootstrap);
        try (var pub = new TestModelPublisher(bootstrap)) {
            pub.publish("it-model", 1, 0f);
        }
        Path gateway = Path.of("target", "quarkus-app", "quarkus-run.jar");
        Path generator = Path.of("..", "generator-service", "target", "quarkus-app", "quarkus-run.jar");
        int gen = freePort(), a = freePort(), b = freePort();
        start(generator, "generator", gen, "GENERATOR_INSTANCE_ID", "it-generator");
        start(gateway, "gateway-a", a, "GATEWAY_INSTANCE_ID", "a");
        start(gateway, "gateway-b", b, "GATEWAY_INSTANCE_ID", "b");
        awaitReady(gen, "/q/health/ready");
        awaitReady(a, "/api/v1/models");
        awaitReady(b, "/api/v1/models");

        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int port = i % 2 == 0 ? a : b, count = 3 + i;
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return generate(port, count);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < calls.size(); i++) {
            JsonNode g = calls.get(i).join();
            assertEquals("done", g.get("status").asText(), g.toString());
            assertEquals(3 + i, g.get("received").asInt(), "each instance got exactly its own answer");
            assertEquals(3 + i, g.get("samples").size());
        }

        // the view is rebuilt from Kafka, even for a gateway that comes back under the same instance id
        processes.get(1).destroyForcibly().waitFor();
        start(gateway, "gateway-a-again", a, "GATEWAY_INSTANCE_ID", "a");
        awaitReady(a, "/api/v1/models");
        assertTrue(generate(a, 4).get("samples").size() == 4);
    }
}
