package io.synthstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The services' Dockerfiles: Quarkus fast-jar layers, non-root, the right port, health on /q/health. */
class DockerfilesTest {
    static final List<String> FAST_JAR_LAYERS = List.of("target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/",
            "target/quarkus-app/quarkus/");

    static Stream<Arguments> dockerfiles() {
        return Stream.of(
                Arguments.of(ServiceModule.TRAINER, "Dockerfile.jvm"),
                Arguments.of(ServiceModule.GENERATOR, "Dockerfile.jvm"),
                Arguments.of(ServiceModule.GENERATOR, "Dockerfile.gpu"),
                Arguments.of(ServiceModule.GATEWAY, "Dockerfile.jvm"));
    }

    static Dockerfile dockerfile(ServiceModule m, String name) {
        Path p = m.root().resolve("src/main/docker").resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing");
        return new Dockerfile(p);
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void copiesTheFastJarLayersAndRunsIt(ServiceModule m, String name) {
        Dockerfile d = dockerfile(m, name);
        List<String> copies = d.finalStage().stream().filter(i -> i.keyword().equals("COPY") && i.args().contains("target/quarkus-app"))
                .map(Dockerfile.Instruction::args).toList();
        assertEquals(FAST_JAR_LAYERS.size(), copies.size(), d.path + ": the four fast-jar layers");
        for (int i = 0; i < copies.size(); i++) {
            assertTrue(copies.get(i).contains(FAST_JAR_LAYERS.get(i)), d.path + ": layer " + i + " should copy " + FAST_JAR_LAYERS.get(i));
            assertTrue(copies.get(i).contains("--chown=185"), d.path + ": files owned by the runtime user");
        }
        List<String> entrypoint = d.entrypoint();
        assertEquals(List.of("sh", "-c"), entrypoint.subList(0, 2), d.path + ": a shell entrypoint (expands $JAVA_OPTS)");
        assertTrue(entrypoint.get(2).contains("exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"),
                d.path + ": java replaces the shell (signals reach the JVM) and runs quarkus-run.jar");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void runsAsANonRootUser(ServiceModule m, String name) {
        Dockerfile d = dockerfile(m, name);
        String user = d.last("USER");
        assertFalse(user.equals("0") || user.startsWith("root") || user.startsWith("0:"), d.path + ": USER " + user);
        List<Dockerfile.Instruction> fin = d.finalStage();
        int lastUser = -1;
        for (int i = 0; i < fin.size(); i++) {
            if (fin.get(i).keyword().equals("USER")) lastUser = i;
        }
        assertTrue(lastUser >= 0, d.path + ": the final stage sets USER");
        for (int i = lastUser; i < fin.size(); i++) {
            assertFalse(fin.get(i).keyword().equals("RUN"), d.path + ": RUN after USER would need root");
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void exposesTheServicePortAndChecksQuarkusHealth(ServiceModule m, String name) {
        Dockerfile d = dockerfile(m, name);
        assertEquals(List.of(String.valueOf(m.httpPort())), d.all("EXPOSE"), d.path + ": EXPOSE vs quarkus.http.port");
        for (String hc : d.all("HEALTHCHECK")) {
            Matcher url = Pattern.compile("http://localhost:(\\d+)(/q/health/(live|ready))").matcher(hc);
            assertTrue(url.find(), d.path + ": HEALTHCHECK should call /q/health/live or /ready: " + hc);
            assertEquals(m.httpPort(), Integer.parseInt(url.group(1)), d.path + ": HEALTHCHECK port");
            if (m == ServiceModule.GENERATOR) assertEquals("/q/health/live", url.group(2), d.path + ": generator readiness waits for a model");
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void setsOnlyEnvironmentTheServiceReads(ServiceModule m, String name) {
        Dockerfile d = dockerfile(m, name);
        for (String key : d.env().keySet()) {
            if (List.of("JAVA_HOME", "PATH", "NVIDIA_DRIVER_CAPABILITIES").contains(key)) continue; // for the JRE / CUDA, not Quarkus
            assertTrue(m.understands(key).isPresent(), d.path + ": " + m.dir + " does not read ENV " + key);
        }
    }

    @Test
    void jvmImagesAreTemurin17Jre() {
        for (ServiceModule m : ServiceModule.values()) {
            Dockerfile d = dockerfile(m, "Dockerfile.jvm");
            assertEquals(List.of("eclipse-temurin:17-jre"), d.all("FROM"), d.path + ": base image");
        }
    }

    @Test
    void gpuImageIsCuda12WithCudnn9AndAJava17Jre() {
        Dockerfile d = dockerfile(ServiceModule.GENERATOR, "Dockerfile.gpu");
        List<String> froms = d.all("FROM");
        String base = froms.get(froms.size() - 1);
        if (base.startsWith("${")) base = d.globalArgs().get(base.substring(2, base.indexOf('}')));
        // nvidia/cuda 12.x "-cudnn-" runtime tags carry cuDNN 9 (the older cuDNN 8 tags are named "-cudnn8-")
        assertTrue(base.matches("nvidia/cuda:12\\.\\d+\\.\\d+-cudnn-runtime-ubuntu\\d+\\.\\d+"), d.path + ": CUDA 12 + cuDNN 9 runtime, got " + base);
        assertTrue(froms.contains("eclipse-temurin:17-jre AS jre"), d.path + ": a Temurin 17 JRE stage");
        assertTrue(d.finalStage().stream().anyMatch(i -> i.keyword().equals("COPY") && i.args().equals("--from=jre /opt/java/openjdk /opt/java/openjdk")),
                d.path + ": the JRE copied into the CUDA image");
        assertEquals("gpu", d.env().get("GENERATOR_DEVICE"), d.path + ": GENERATOR_DEVICE");
    }

    @Test
    void instanceIdsDefaultToTheHostname() {
        // unique per replica, stable across restarts: the pod name in Kubernetes, the container id under compose
        for (Dockerfile d : List.of(dockerfile(ServiceModule.GENERATOR, "Dockerfile.jvm"), dockerfile(ServiceModule.GENERATOR, "Dockerfile.gpu"))) {
            assertTrue(d.entrypoint().get(2).startsWith("export GENERATOR_INSTANCE_ID=\"${GENERATOR_INSTANCE_ID:-$(cat /etc/hostname)}\";"), d.path.toString());
        }
        Dockerfile gw = dockerfile(ServiceModule.GATEWAY, "Dockerfile.jvm");
        assertTrue(gw.entrypoint().get(2).startsWith("export GATEWAY_INSTANCE_ID=\"${GATEWAY_INSTANCE_ID:-$(cat /etc/hostname)}\";"), gw.path.toString());
    }
}
