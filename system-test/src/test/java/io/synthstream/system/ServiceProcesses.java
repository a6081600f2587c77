package io.synthstream.system;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The packaged services (target/quarkus-app of each module) as real processes, with their logs in target/system-logs. */
final class ServiceProcesses implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process start(String name, String module, int port, Map<String, String> env) throws Exception {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) throw new IllegalStateException(jar + " is missing: run ./mvnw verify from the root");
        Path log = Path.of("target", "system-logs", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar",
                jar.toString());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        running.put(name, p);
        return p;
    }

    void kill(String name) throws InterruptedException {
        running.remove(name).destroyForcibly().waitFor();
    }

    /** Waits until GET url answers 200 (and the body contains {@code needle}, when given). */
    void await(String url, String needle, Duration timeout, String apiKey) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                var b = HttpRequest.newBuilder(URI.create(url));
                if (apiKey != null) b.header("X-API-Key", apiKey);
                var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && (needle == null || r.body().contains(needle))) return;
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            for (var e : running.entrySet()) {
                if (!e.getValue().isAlive()) throw new AssertionError(e.getKey() + " exited; see target/system-logs/" + e.getKey() + ".log");
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out on " + url + (needle == null ? "" : " waiting for '" + needle + "'") + "; last: " + last);
    }

    @Override
    public void close() {
        running.values().forEach(Process::destroyForcibly);
    }
}
