package io.synthstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthstream.contracts.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml against the Dockerfiles, the services' application.properties and Topics.all(). */
class ComposeTest {
    static final Path COMPOSE = Repo.path("docker-compose.yml");
    static final JsonNode SERVICES = Repo.readYaml(COMPOSE).path("services");
    static final String KAFKA = "kafka";
    static final String TOPIC_INIT = "kafka-init";

    /** Compose service name of each module, found through its build context. */
    static Map<ServiceModule, String> appServices() {
        Map<ServiceModule, String> out = new LinkedHashMap<>();
        SERVICES.fields().forEachRemaining(e -> {
            if (e.getValue().has("build")) {
                String context = e.getValue().path("build").path("context").asText();
                out.put(ServiceModule.byDir(Path.of(context).normalize().getFileName().toString()), e.getKey());
            }
        });
        return out;
    }

    static JsonNode service(String name) {
        JsonNode s = SERVICES.get(name);
        assertNotNull(s, "docker-compose.yml has no service " + name);
        return s;
    }

    static JsonNode service(ServiceModule m) {
        return service(appServices().get(m));
    }

    /** environment in map or list form. */
    static Map<String, String> env(JsonNode service) {
        Map<String, String> out = new TreeMap<>();
        JsonNode env = service.path("environment");
        if (env.isObject()) env.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        else for (JsonNode item : env) {
            String s = item.asText();
            out.put(s.contains("=") ? s.substring(0, s.indexOf('=')) : s, s.contains("=") ? s.substring(s.indexOf('=') + 1) : "");
        }
        return out;
    }

    static String healthcheck(JsonNode service) {
        JsonNode test = service.path("healthcheck").path("test");
        if (test.isTextual()) return test.asText();
        List<String> parts = new ArrayList<>();
        test.forEach(t -> parts.add(t.asText()));
        return String.join(" ", parts);
    }

    /** Container ports a service listens on, from expose and ports. */
    static List<Integer> containerPorts(JsonNode service) {
        List<Integer> out = new ArrayList<>();
        service.path("expose").forEach(p -> out.add(Integer.parseInt(p.asText().split("/")[0])));
        service.path("ports").forEach(p -> out.add(publishedTarget(p)));
        return out;
    }

    static int publishedTarget(JsonNode port) {
        if (port.isObject()) return port.path("target").asInt();
        String[] parts = port.asText().split("/")[0].split(":");
        return Integer.parseInt(parts[parts.length - 1]);
    }

    /** listener name -> host:port of a KAFKA_LISTENERS / KAFKA_ADVERTISED_LISTENERS value. */
    static Map<String, String> listeners(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : value.split(",")) {
            Matcher m = Pattern.compile("([A-Z_]+)://(.*)").matcher(l.strip());
            assertTrue(m.matches(), "bad listener " + l);
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The address containers reach Kafka at: the advertised inter-broker (PLAINTEXT) listener. */
    static String internalBootstrap() {
        Map<String, String> kenv = env(service(KAFKA));
        String name = kenv.getOrDefault("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT");
        String advertised = listeners(kenv.get("KAFKA_ADVERTISED_LISTENERS")).get(name);
        assertNotNull(advertised, "kafka advertises no " + name + " listener");
        return advertised;
    }

    @Test
    void everyBuiltImageHasItsDockerfile() {
        assertEquals(List.of(ServiceModule.values()), appServices().keySet().stream().sorted().toList(), "compose builds the three services");
        SERVICES.fields().forEachRemaining(e -> {
            JsonNode build = e.getValue().path("build");
            if (build.isMissingNode()) return;
            Path context = COMPOSE.getParent().resolve(build.path("context").asText()).normalize();
            assertTrue(Files.isDirectory(context), e.getKey() + ": build context " + context);
            Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
            assertTrue(Files.isRegularFile(dockerfile), e.getKey() + ": " + dockerfile + " is missing");
            assertTrue(e.getValue().hasNonNull("image"), e.getKey() + ": name the built image");
        });
        // the images compose builds are the ones k8s/base runs
        Rendering base = Rendering.of("k8s/base");
        appServices().forEach((m, name) -> assertEquals(base.mainContainer(m).getImage(), service(name).path("image").asText(),
                name + ": image vs k8s/base"));
    }

    @Test
    void kafkaIsASingleKRaftNodeMatchingTheClients() {
        JsonNode kafka = service(KAFKA);
        Matcher pinned = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Repo.read(Repo.path("pom.xml")));
        assertTrue(pinned.find(), "root pom pins kafka.version");
        assertEquals("apache/kafka:" + pinned.group(1), kafka.path("image").asText(), "broker version = client version");
        Map<String, String> e = env(kafka);
        assertEquals("broker,controller", e.get("KAFKA_PROCESS_ROLES"));
        Map<String, String> listen = listeners(e.get("KAFKA_LISTENERS"));
        Map<String, String> protocols = new TreeMap<>();
        for (String pair : e.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) protocols.put(pair.split(":")[0], pair.split(":")[1]);
        assertEquals(listen.keySet().stream().sorted().toList(), protocols.keySet().stream().sorted().toList(), "a protocol for every listener");
        String controller = e.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        String controllerPort = listen.get(controller).substring(listen.get(controller).lastIndexOf(':') + 1);
        assertEquals(e.get("KAFKA_NODE_ID") + "@" + KAFKA + ":" + controllerPort, e.get("KAFKA_CONTROLLER_QUORUM_VOTERS"), "quorum = this node");
        String internal = internalBootstrap();
        assertEquals(KAFKA, internal.substring(0, internal.indexOf(':')), "the internal listener is advertised under the service name");
        assertEquals(listen.get(e.getOrDefault("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT")).replaceAll(".*:", ""),
                internal.substring(internal.indexOf(':') + 1), "advertised port = listening port");
        assertTrue(Long.parseLong(e.get("KAFKA_MESSAGE_MAX_BYTES")) >= 2_097_152, "message.max.bytes >= 2 MiB");
        assertEquals("false", e.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
        for (String rf : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            assertEquals("1", e.get(rf), rf + " on a single broker");
        }
        assertEquals(16, Base64.getUrlDecoder().decode(e.get("CLUSTER_ID")).length, "CLUSTER_ID is a base64 UUID");
        assertTrue(healthcheck(kafka).contains("/opt/kafka/bin/"), "kafka health check");
    }

    @Test
    void servicesUseKafkasInternalListener() {
        String bootstrap = internalBootstrap();
        appServices().forEach((m, name) -> assertEquals(bootstrap, env(service(name)).get("KAFKA_BOOTSTRAP_SERVERS"), name + ": KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("kafka:9092", bootstrap);
    }

    @Test
    void portsAndHealthChecksMatchTheServices() {
        appServices().forEach((m, name) -> {
            JsonNode s = service(name);
            int port = m.httpPort();
            String override = env(s).get("QUARKUS_HTTP_PORT");
            if (override != null) assertEquals(String.valueOf(port), override, name + ": QUARKUS_HTTP_PORT");
            assertEquals(List.of(port), containerPorts(s).stream().distinct().toList(), name + ": container port vs quarkus.http.port");
            Matcher url = Pattern.compile("http://localhost:(\\d+)(/q/health/(live|ready))").matcher(healthcheck(s));
            assertTrue(url.find(), name + ": health check should call /q/health/live or /ready: " + healthcheck(s));
            assertEquals(port, Integer.parseInt(url.group(1)), name + ": health check port");
            if (m == ServiceModule.GENERATOR) assertEquals("/q/health/live", url.group(2), name + ": readiness is DOWN until a model is loaded");
        });
    }

    @Test
    void environmentIsReadByTheServices() {
        appServices().forEach((m, name) -> env(service(name)).keySet().forEach(key ->
                assertTrue(m.understands(key).isPresent(), name + ": " + m.dir + " does not read " + key)));
    }

    @Test
    void onlyTheGatewayIsPublished() {
        appServices().forEach((m, name) -> {
            JsonNode ports = service(name).path("ports");
            if (m == ServiceModule.GATEWAY) {
                assertEquals(1, ports.size(), "gateway publishes one port");
                assertEquals(m.httpPort(), publishedTarget(ports.get(0)));
            } else {
                assertTrue(ports.isMissingNode() || ports.isEmpty(), name + " must not be published");
            }
        });
    }

    @Test
    void generatorRunsTwoReplicasWithTheirOwnIds() {
        JsonNode g = service(ServiceModule.GENERATOR);
        assertEquals(2, g.path("deploy").path("replicas").asInt(), "deploy.replicas");
        assertTrue(g.path("deploy").path("replicas").asInt() <= Topics.REQUEST_PARTITIONS, "no more replicas than request partitions");
        assertNull(g.get("container_name"), "a container_name prevents replicas");
        // replicas share one environment: a fixed instance id would give both the same transactional id
        assertFalse(env(g).containsKey("GENERATOR_INSTANCE_ID"), "leave GENERATOR_INSTANCE_ID to the entrypoint (hostname)");
        String cpus = g.path("deploy").path("resources").path("limits").path("cpus").asText(null);
        assertNotNull(cpus, "a CPU limit per replica");
        assertEquals(String.valueOf((int) Math.ceil(Double.parseDouble(cpus))), env(g).get("SYNTHSTREAM_GENERATOR_INTRA_OP_THREADS"),
                "ONNX Runtime threads = CPU limit");
    }

    @Test
    void gatewayGetsApiKeysAndAnInstanceId() {
        Map<String, String> e = env(service(ServiceModule.GATEWAY));
        assertTrue(e.containsKey("SYNTHSTREAM_USER_KEYS") && e.containsKey("SYNTHSTREAM_ADMIN_KEYS"), "API keys");
        assertFalse(e.getOrDefault("GATEWAY_INSTANCE_ID", "").isBlank(), "a stable instance id names the reply topic");
    }

    @Test
    void trainerKeepsDataAndWorkOnVolumes() {
        JsonNode t = service(ServiceModule.TRAINER);
        Map<String, String> e = env(t);
        Map<String, String[]> mounts = new LinkedHashMap<>();
        t.path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            mounts.put(parts[1], parts);
        });
        JsonNode declared = Repo.readYaml(COMPOSE).path("volumes");
        for (String key : List.of("SYNTHSTREAM_DATA_DIR", "SYNTHSTREAM_TRAINER_DIR", "DJL_CACHE_DIR")) {
            String dir = e.get(key);
            assertNotNull(dir, "trainer " + key);
            String[] mount = mounts.entrySet().stream().filter(m -> dir.equals(m.getKey()) || dir.startsWith(m.getKey() + "/"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(key + "=" + dir + " is on no volume"));
            if (!key.equals("SYNTHSTREAM_DATA_DIR")) {
                assertTrue(declared.has(mount[0]), key + ": a named volume survives container recreation");
                assertFalse(mount.length > 2 && mount[2].equals("ro"), key + ": writable");
            }
        }
    }

    @Test
    void servicesStartAfterTheTopicsExist() {
        JsonNode init = service(TOPIC_INIT);
        assertEquals("service_healthy", init.path("depends_on").path(KAFKA).path("condition").asText(), "kafka-init waits for a healthy broker");
        assertEquals(service(KAFKA).path("image").asText(), init.path("image").asText(), "kafka-init uses the broker's image (its CLI)");
        appServices().forEach((m, name) -> assertEquals("service_completed_successfully",
                service(name).path("depends_on").path(TOPIC_INIT).path("condition").asText(), name + " waits for kafka-init"));
    }

    @Test
    void topicInitCreatesExactlyTopicsAll() {
        JsonNode init = service(TOPIC_INIT);
        StringBuilder script = new StringBuilder();
        init.path("entrypoint").forEach(x -> script.append(x.asText()).append('\n'));
        if (init.path("command").isTextual()) script.append(init.path("command").asText());
        else init.path("command").forEach(x -> script.append(x.asText()).append('\n'));
        Map<String, Topics.TopicSpec> created = new TreeMap<>();
        for (String line : script.toString().split("\n")) {
            if (!line.contains("kafka-topics.sh") || !line.contains("--create")) continue;
            List<String> args = List.of(line.strip().split("\\s+"));
            assertEquals("/opt/kafka/bin/kafka-topics.sh", args.get(0), "the image's kafka-topics.sh");
            assertEquals(internalBootstrap(), after(args, "--bootstrap-server"), "kafka-init bootstrap");
            assertTrue(args.contains("--if-not-exists"), "idempotent: " + line);
            String topic = after(args, "--topic");
            Map<String, String> configs = new TreeMap<>();
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).equals("--config")) {
                    String[] kv = args.get(i + 1).split("=", 2);
                    configs.put(kv[0], kv[1]);
                }
            }
            assertNull(created.put(topic, new Topics.TopicSpec(topic, Integer.parseInt(after(args, "--partitions")), configs)), topic + " twice");
        }
        Map<String, Topics.TopicSpec> expected = new TreeMap<>();
        Topics.all().forEach(s -> expected.put(s.name(), new Topics.TopicSpec(s.name(), s.partitions(), new TreeMap<>(s.configs()))));
        assertEquals(expected, created, "kafka-init topics vs Topics.all()");
    }

    @Test
    void servicesOnlyUseDeclaredTopics() {
        for (ServiceModule m : ServiceModule.values()) {
            assertEquals(List.of(), List.copyOf(m.unknownTopics()), m.dir + ": topics outside Topics.all() and the reply prefix");
        }
        // the gateway's reply topic is the documented per-instance name
        String reply = ServiceModule.GATEWAY.channelTopics().get("incoming.replies");
        assertEquals(Topics.REPLY_TOPIC_PREFIX + "gateway-${synthstream.gateway.instance-id}", reply);
    }

    @Test
    void prometheusScrapesEveryService() {
        JsonNode prom = service("prometheus");
        String mount = null;
        for (JsonNode v : prom.path("volumes")) {
            if (v.asText().endsWith(":/etc/prometheus/prometheus.yml:ro") || v.asText().endsWith(":/etc/prometheus/prometheus.yml")) {
                mount = v.asText().split(":")[0];
            }
        }
        assertEquals("./deploy/prometheus/prometheus.yml", mount, "prometheus config mount");
        JsonNode config = Repo.readYaml(COMPOSE.getParent().resolve(mount).normalize());
        appServices().forEach((m, name) -> {
            String target = name + ":" + m.httpPort();
            boolean scraped = false;
            for (JsonNode job : config.path("scrape_configs")) {
                if (!"/q/metrics".equals(job.path("metrics_path").asText())) continue;
                for (JsonNode sc : job.path("static_configs")) for (JsonNode t : sc.path("targets")) scraped |= t.asText().equals(target);
                for (JsonNode dns : job.path("dns_sd_configs")) {
                    for (JsonNode n : dns.path("names")) scraped |= n.asText().equals(name) && dns.path("port").asInt() == m.httpPort();
                }
            }
            assertTrue(scraped, "prometheus should scrape " + target + " at /q/metrics");
        });
        // every replica of the generator is a target of its own
        boolean generatorByDns = false;
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode dns : job.path("dns_sd_configs")) {
                for (JsonNode n : dns.path("names")) generatorByDns |= n.asText().equals(appServices().get(ServiceModule.GENERATOR));
            }
        }
        assertTrue(generatorByDns, "generator replicas are found by DNS (one target each), not one load-balanced name");
    }

    static String after(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertTrue(i >= 0 && i + 1 < args.size(), "missing " + flag + " in " + args);
        return args.get(i + 1);
    }
}
