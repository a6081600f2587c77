package io.synthstream.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.synthstream.testing.KafkaBrokerTestResource;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real generator service behind the gateway in tests: the packaged generator-service (built
 * earlier in the reactor) as a separate process on the test broker. Not a stub.
 */
public class GeneratorProcessResource implements QuarkusTestResourceLifecycleManager {
    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            Path jar = Path.of("..", "generator-service", "target", "quarkus-app", "quarkus-run.jar");
            if (!Files.exists(jar)) throw new IllegalStateException(jar + " is missing: build generator-service first (./mvnw verify does)");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path log = Path.of("target", "generator-under-test.log");
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                    jar.toString());
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", KafkaBrokerTestResource.bootstrapServers());
            pb.environment().put("GENERATOR_INSTANCE_ID", "gateway-test-generator");
            pb.environment().put("SYNTHSTREAM_GENERATOR_SAMPLES_PER_RECORD", "16");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            process = pb.start();
            awaitLive(port);
            return Map.of("test.generator.url", "http://127.0.0.1:" + port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the generator service: " + e.getMessage(), e);
        }
    }

    private void awaitLive(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("the generator exited; see target/generator-under-test.log");
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (java.io.IOException starting) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the generator did not start in 90 s");
    }

    @Override
    public void stop() {
        if (process != null) process.destroy();
    }

    @Override
    public int order() {
        return 10; // after the broker
    }
}
