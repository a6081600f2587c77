package io.synthstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerType;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.synthstream.contracts.Topics;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** k8s/base and every overlay, rendered in Java, parsed with fabric8 / Strimzi models, checked against the services. */
class KubernetesManifestsTest {
    static final String NAMESPACE = "synthstream";
    /** Strimzi's bootstrap Service for a Kafka named synthstream, plain listener. */
    static final String BOOTSTRAP = "synthstream-kafka-bootstrap:9092";
    static final String KAFKA_CLIENT_LABEL = "synthstream.io/kafka-client";
    static final long BROKER_MESSAGE_MAX_BYTES = 2_097_152;
    static final String GPU = "nvidia.com/gpu";

    static Stream<Rendering> renderings() {
        return Rendering.ALL.stream().map(Rendering::of);
    }

    // ------------------------------------------------------------------ every rendering

    @ParameterizedTest
    @MethodSource("renderings")
    void everyObjectIsNamespacedAndLabelled(Rendering r) {
        for (var o : r.objects) {
            assertEquals(NAMESPACE, o.getMetadata().getNamespace(), r + ": " + o.getKind() + " " + o.getMetadata().getName());
            assertEquals("synthstream", o.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    r + ": " + o.getKind() + " " + o.getMetadata().getName() + " lacks the part-of label");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void kafkaRunsInKRaftModeWithNodePools(Rendering r) {
        Kafka kafka = r.kafka();
        assertEquals("synthstream", kafka.getMetadata().getName());
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"), r + ": KRaft annotation");
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/node-pools"), r + ": node-pools annotation");
        assertNull(kafka.getSpec().getZookeeper(), r + ": KRaft clusters have no ZooKeeper");
        assertNotNull(kafka.getSpec().getKafka().getVersion(), r + ": pin the Kafka version");
        assertNotNull(kafka.getSpec().getEntityOperator().getTopicOperator(), r + ": the topic operator reconciles the KafkaTopics");
        assertEquals(BOOTSTRAP, bootstrap(kafka), r + ": plain listener");

        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertTrue(number(config, "message.max.bytes") >= BROKER_MESSAGE_MAX_BYTES, r + ": message.max.bytes must be >= 2 MiB");
        assertEquals("false", String.valueOf(config.get("auto.create.topics.enable")), r + ": topics come from KafkaTopic resources");
        // The gateways create their reply topics with replication factor 1 (TopicProvisioner): a broker-wide
        // min.insync.replicas above 1 would make every acks=all answer to them fail.
        assertTrue(!config.containsKey("min.insync.replicas") || number(config, "min.insync.replicas") == 1,
                r + ": min.insync.replicas > 1 breaks the gateways' reply topics");

        List<KafkaNodePool> pools = r.all(KafkaNodePool.class);
        assertFalse(pools.isEmpty(), r + ": KRaft needs a KafkaNodePool");
        Set<ProcessRoles> roles = new HashSet<>();
        for (KafkaNodePool p : pools) {
            assertEquals("synthstream", p.getMetadata().getLabels().get("strimzi.io/cluster"), r + ": pool " + p.getMetadata().getName());
            roles.addAll(p.getSpec().getRoles());
            assertNotNull(p.getSpec().getStorage(), r + ": pool storage");
        }
        assertEquals(Set.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER), roles, r + ": controllers and brokers");
        int brokers = brokers(r);
        for (String rf : List.of("default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor")) {
            assertTrue(number(config, rf) >= 1 && number(config, rf) <= brokers, r + ": " + rf + " must be within 1.." + brokers);
        }
        assertTrue(number(config, "transaction.state.log.min.isr") <= number(config, "transaction.state.log.replication.factor"),
                r + ": transaction.state.log.min.isr above its replication factor");
    }

    /** `kubectl apply -k <dir> -l synthstream.io/tier=kafka` must apply Kafka, its pools and topics, and nothing else. */
    @ParameterizedTest
    @MethodSource("renderings")
    void theKafkaTierCanBeAppliedFirst(Rendering r) {
        for (var o : r.objects) {
            boolean strimzi = o.getApiVersion().startsWith("kafka.strimzi.io/");
            boolean tier = "kafka".equals(o.getMetadata().getLabels().get("synthstream.io/tier"));
            assertEquals(strimzi, tier, r + ": " + o.getKind() + " " + o.getMetadata().getName() + " and the synthstream.io/tier=kafka label");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void kafkaTopicsAreExactlyTopicsAll(Rendering r) {
        Map<String, KafkaTopic> byName = new TreeMap<>();
        for (KafkaTopic t : r.topics()) {
            String name = t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName();
            assertEquals(null, byName.put(name, t), r + ": topic " + name + " declared twice");
            assertEquals("synthstream", t.getMetadata().getLabels().get("strimzi.io/cluster"), r + ": " + name + " cluster label");
            assertTrue(t.getSpec().getReplicas() >= 1 && t.getSpec().getReplicas() <= brokers(r), r + ": " + name + " replicas");
        }
        Set<String> expected = Topics.all().stream().map(Topics.TopicSpec::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(expected, byName.keySet(), r + ": KafkaTopic names vs Topics.all()");
        for (Topics.TopicSpec spec : Topics.all()) {
            KafkaTopic t = byName.get(spec.name());
            assertEquals(spec.partitions(), t.getSpec().getPartitions(), r + ": partitions of " + spec.name());
            Map<String, String> configs = new TreeMap<>();
            t.getSpec().getConfig().forEach((k, v) -> configs.put(k, String.valueOf(v)));
            assertEquals(new TreeMap<>(spec.configs()), configs, r + ": configs of " + spec.name());
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void deploymentsMatchTheServices(Rendering r) {
        Kafka kafka = r.kafka();
        for (ServiceModule m : ServiceModule.values()) {
            Deployment d = r.deployment(m);
            String where = r + ": " + m.dir;
            var template = d.getSpec().getTemplate();
            Map<String, String> podLabels = template.getMetadata().getLabels();
            assertTrue(selects(d.getSpec().getSelector(), podLabels), where + ": selector does not select its own pods");
            Container c = r.mainContainer(m);
            assertTrue(c.getImage().startsWith("synthstream/" + m.dir + ":"), where + ": image " + c.getImage());

            ContainerPort http = c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": no port named http"));
            assertEquals(m.httpPort(), http.getContainerPort(), where + ": container port vs quarkus.http.port");

            assertProbe(where + " liveness", c.getLivenessProbe(), "/q/health/live", http);
            assertProbe(where + " readiness", c.getReadinessProbe(), "/q/health/ready", http);
            if (c.getStartupProbe() != null) assertProbe(where + " startup", c.getStartupProbe(), "/q/health/started", http);

            assertEquals(BOOTSTRAP, env(c, "KAFKA_BOOTSTRAP_SERVERS").map(EnvVar::getValue).orElse(null), where + ": KAFKA_BOOTSTRAP_SERVERS");
            for (EnvVar e : c.getEnv()) {
                assertTrue(m.understands(e.getName()).isPresent(), where + ": " + m.dir + " does not read env " + e.getName());
            }
            for (Container any : allContainers(template.getSpec())) assertResources(where + "/" + any.getName(), any);

            assertEquals("true", podLabels.get(KAFKA_CLIENT_LABEL), where + ": pods need the Kafka client label");
            assertTrue(kafkaListenerAdmits(kafka, podLabels), where + ": Kafka's listener networkPolicyPeers do not admit its pods");

            PodSpec pod = template.getSpec();
            boolean nonRoot = (pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()))
                    || (c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getRunAsNonRoot()));
            assertTrue(nonRoot, where + ": runAsNonRoot");
            if (c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
                assertTrue(c.getVolumeMounts().stream().anyMatch(v -> v.getMountPath().equals("/tmp")),
                        where + ": a read-only root filesystem needs a writable /tmp (java.io.tmpdir, native libraries)");
            }
            assertEquals("/q/metrics", template.getMetadata().getAnnotations().get("prometheus.io/path"), where + ": scrape path");
            assertEquals(String.valueOf(m.httpPort()), template.getMetadata().getAnnotations().get("prometheus.io/port"), where + ": scrape port");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void secretReferencesResolve(Rendering r) {
        int refs = 0;
        for (Deployment d : r.all(Deployment.class)) {
            for (Container c : allContainers(d.getSpec().getTemplate().getSpec())) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) continue;
                    var ref = e.getValueFrom().getSecretKeyRef();
                    Secret s = r.one(Secret.class, ref.getName());
                    Set<String> keys = new HashSet<>();
                    if (s.getData() != null) keys.addAll(s.getData().keySet());
                    if (s.getStringData() != null) keys.addAll(s.getStringData().keySet());
                    assertTrue(keys.contains(ref.getKey()), r + ": secret " + ref.getName() + " has no key " + ref.getKey());
                    refs++;
                }
            }
        }
        assertTrue(refs >= 2, r + ": the API keys come from a Secret");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void trainerIsASingleReplicaOnItsVolume(Rendering r) {
        Deployment d = r.deployment(ServiceModule.TRAINER);
        assertEquals(1, d.getSpec().getReplicas(), r + ": one trainer (fixed transactional id)");
        assertEquals("Recreate", d.getSpec().getStrategy().getType(), r + ": the old trainer must stop before the new one starts");
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Set<String> pvcVolumes = pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null).map(Volume::getName)
                .collect(Collectors.toSet());
        assertFalse(pvcVolumes.isEmpty(), r + ": the trainer needs a persistent volume");
        for (Volume v : pod.getVolumes()) {
            if (v.getPersistentVolumeClaim() != null) r.one(PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName());
        }
        Container c = r.mainContainer(ServiceModule.TRAINER);
        List<String> persistent = c.getVolumeMounts().stream().filter(vm -> pvcVolumes.contains(vm.getName()))
                .filter(vm -> !Boolean.TRUE.equals(vm.getReadOnly())).map(VolumeMount::getMountPath).toList();
        for (String dirEnv : List.of("SYNTHSTREAM_DATA_DIR", "SYNTHSTREAM_TRAINER_DIR", "DJL_CACHE_DIR")) {
            String value = env(c, dirEnv).map(EnvVar::getValue).orElseThrow(() -> new AssertionError(r + ": trainer env " + dirEnv));
            assertTrue(persistent.stream().anyMatch(p -> value.equals(p) || value.startsWith(p + "/")),
                    r + ": " + dirEnv + "=" + value + " is not on the persistent volume " + persistent);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void generatorIsSizedByItsPodAndScaledByKeda(Rendering r) {
        Deployment d = r.deployment(ServiceModule.GENERATOR);
        assertNull(d.getSpec().getReplicas(), r + ": KEDA owns the generator's replica count; a replicas field resets it on each apply");
        Container c = r.mainContainer(ServiceModule.GENERATOR);
        EnvVar id = env(c, "GENERATOR_INSTANCE_ID").orElseThrow(() -> new AssertionError(r + ": GENERATOR_INSTANCE_ID"));
        assertEquals("metadata.name", id.getValueFrom().getFieldRef().getFieldPath(), r + ": instance id = pod name");
        EnvVar threads = env(c, "SYNTHSTREAM_GENERATOR_INTRA_OP_THREADS").orElseThrow(() -> new AssertionError(r + ": intra-op threads"));
        var ref = threads.getValueFrom().getResourceFieldRef();
        assertNotNull(ref, r + ": intra-op threads should follow the CPU limit (resourceFieldRef)");
        assertEquals("limits.cpu", ref.getResource(), r + ": intra-op threads = CPU limit");
        assertTrue(ref.getContainerName() == null || ref.getContainerName().equals(c.getName()), r + ": resourceFieldRef container");
        assertTrue(ref.getDivisor() == null || ref.getDivisor().getNumericalAmount().compareTo(BigDecimal.ONE) == 0, r + ": divisor 1");
        assertNotNull(c.getResources().getLimits().get("cpu"), r + ": the generator needs a CPU limit");
        assertTrue(Set.of("cpu", "gpu", "auto").contains(env(c, "GENERATOR_DEVICE").map(EnvVar::getValue).orElse("auto")), r + ": device");
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void gatewayHasAStableIdAndKeysFromTheSecret(Rendering r) {
        Container c = r.mainContainer(ServiceModule.GATEWAY);
        assertEquals("metadata.name", env(c, "GATEWAY_INSTANCE_ID").orElseThrow().getValueFrom().getFieldRef().getFieldPath(),
                r + ": gateway instance id = pod name");
        for (String keys : List.of("SYNTHSTREAM_USER_KEYS", "SYNTHSTREAM_ADMIN_KEYS")) {
            EnvVar e = env(c, keys).orElseThrow(() -> new AssertionError(r + ": " + keys));
            assertNull(e.getValue(), r + ": " + keys + " must not be a literal");
            assertNotNull(e.getValueFrom().getSecretKeyRef(), r + ": " + keys + " from a Secret");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void servicesSelectDeploymentsAndTheirPorts(Rendering r) {
        for (Service s : r.all(Service.class)) {
            String where = r + ": Service " + s.getMetadata().getName();
            List<Deployment> selected = r.all(Deployment.class).stream()
                    .filter(d -> selectsLabels(s.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels())).toList();
            assertEquals(1, selected.size(), where + " should select exactly one Deployment");
            List<ContainerPort> ports = selected.get(0).getSpec().getTemplate().getSpec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream()).toList();
            for (ServicePort p : s.getSpec().getPorts()) {
                assertTrue(ports.stream().anyMatch(cp -> targets(p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort(), cp)),
                        where + ": targetPort " + p.getTargetPort() + " is no container port");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void ingressReachesOnlyTheGateway(Rendering r) {
        List<Ingress> ingresses = r.all(Ingress.class);
        assertFalse(ingresses.isEmpty(), r + ": the gateway needs an Ingress");
        for (Ingress i : ingresses) {
            List<IngressServiceBackend> backends = new ArrayList<>();
            if (i.getSpec().getDefaultBackend() != null) backends.add(i.getSpec().getDefaultBackend().getService());
            i.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(p -> backends.add(p.getBackend().getService())));
            for (IngressServiceBackend b : backends) {
                assertEquals("gateway", b.getName(), r + ": Ingress " + i.getMetadata().getName() + " may only reach the gateway");
                Service s = r.one(Service.class, b.getName());
                assertTrue(s.getSpec().getPorts().stream().anyMatch(p -> Objects.equals(p.getName(), b.getPort().getName())
                        || Objects.equals(p.getPort(), b.getPort().getNumber())), r + ": Ingress backend port " + b.getPort());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void disruptionBudgetsSelectADeploymentAndAllowDrains(Rendering r) {
        List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class);
        assertFalse(pdbs.isEmpty(), r + ": PodDisruptionBudgets");
        for (PodDisruptionBudget pdb : pdbs) {
            String where = r + ": PDB " + pdb.getMetadata().getName();
            List<Deployment> selected = r.all(Deployment.class).stream()
                    .filter(d -> selects(pdb.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels())).toList();
            assertEquals(1, selected.size(), where + " should select one Deployment");
            IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
            IntOrString minAvailable = pdb.getSpec().getMinAvailable();
            int replicas = Optional.ofNullable(selected.get(0).getSpec().getReplicas()).orElse(1);
            boolean drains = (maxUnavailable != null && maxUnavailable.getIntVal() != null && maxUnavailable.getIntVal() >= 1)
                    || (minAvailable != null && minAvailable.getIntVal() != null && minAvailable.getIntVal() < replicas);
            assertTrue(drains, where + ": would block node drains");
        }
        for (ServiceModule m : List.of(ServiceModule.GENERATOR, ServiceModule.GATEWAY)) {
            assertTrue(pdbs.stream().anyMatch(p -> selects(p.getSpec().getSelector(), r.deployment(m).getSpec().getTemplate().getMetadata().getLabels())),
                    r + ": " + m.dir + " has no PodDisruptionBudget");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void onlyTheGatewayAcceptsTrafficFromOutsideTheNamespace(Rendering r) {
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector()) && p.getSpec().getPolicyTypes().contains("Ingress")
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())), r + ": a default-deny ingress policy");
        for (ServiceModule m : ServiceModule.values()) {
            Map<String, String> labels = r.deployment(m).getSpec().getTemplate().getMetadata().getLabels();
            int port = m.httpPort();
            List<NetworkPolicyIngressRule> rules = policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), labels))
                    .flatMap(p -> p.getSpec().getIngress() == null ? Stream.empty() : p.getSpec().getIngress().stream()).toList();
            if (m == ServiceModule.GATEWAY) {
                assertTrue(rules.stream().anyMatch(rule -> (rule.getFrom() == null || rule.getFrom().isEmpty()) && coversPort(rule.getPorts(), port)),
                        r + ": the gateway must accept traffic from anywhere on " + port);
            } else {
                for (NetworkPolicyIngressRule rule : rules) {
                    assertTrue(rule.getFrom() != null && !rule.getFrom().isEmpty(), r + ": " + m.dir + " accepts traffic from anywhere");
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertTrue(peer.getPodSelector() != null && peer.getNamespaceSelector() == null && peer.getIpBlock() == null,
                                r + ": " + m.dir + " accepts traffic from outside the namespace: " + peer);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void kedaScalesTheGeneratorOnItsConsumerLag(Rendering r) {
        var scaledObjects = r.generic("keda.sh/v1alpha1", "ScaledObject");
        assertEquals(1, scaledObjects.size(), r + ": one ScaledObject");
        JsonNode so = KubeModel.tree(scaledObjects.get(0));
        JsonNode spec = so.path("spec");
        Set<String> specKeys = Set.of("scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod", "idleReplicaCount",
                "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers");
        spec.fieldNames().forEachRemaining(f -> assertTrue(specKeys.contains(f), r + ": ScaledObject spec." + f + " is not a KEDA field"));
        assertEquals(Rendering.deploymentName(ServiceModule.GENERATOR), spec.path("scaleTargetRef").path("name").asText(), r + ": scale target");
        assertEquals("Deployment", spec.path("scaleTargetRef").path("kind").asText("Deployment"), r + ": scale target kind");
        r.deployment(ServiceModule.GENERATOR);

        int min = spec.path("minReplicaCount").asInt(-1);
        int max = spec.path("maxReplicaCount").asInt(-1);
        int partitions = topic(r, Topics.GENERATE_REQUESTS).getSpec().getPartitions();
        assertEquals(1, min, r + ": minReplicaCount");
        assertTrue(max >= min && max <= partitions && max <= Topics.REQUEST_PARTITIONS,
                r + ": maxReplicaCount " + max + " must be <= the request topic's partitions (" + partitions + ")");

        assertEquals(1, spec.path("triggers").size(), r + ": one trigger");
        JsonNode trigger = spec.path("triggers").get(0);
        assertEquals("kafka", trigger.path("type").asText(), r + ": trigger type");
        JsonNode md = trigger.path("metadata");
        Set<String> kafkaKeys = Set.of("bootstrapServers", "consumerGroup", "topic", "lagThreshold", "activationLagThreshold", "offsetResetPolicy",
                "allowIdleConsumers", "excludePersistentLag", "scaleToZeroOnInvalidOffset", "limitToPartitionsWithLag", "partitionLimitation",
                "version", "sasl", "tls", "unsafeSsl");
        md.fields().forEachRemaining(e -> {
            assertTrue(kafkaKeys.contains(e.getKey()), r + ": " + e.getKey() + " is not a kafka scaler parameter");
            assertTrue(e.getValue().isTextual(), r + ": KEDA trigger metadata values must be strings: " + e.getKey());
        });
        ServiceModule g = ServiceModule.GENERATOR;
        // the generator's request consumer (TransactionalRequestLoop): group from application.properties,
        // auto.offset.reset fixed to earliest in code (requests written before any instance ran are answered)
        String group = g.properties().get("synthstream.generator.requests-consumer.group.id");
        assertEquals(BOOTSTRAP, md.path("bootstrapServers").asText(), r + ": KEDA bootstrapServers");
        assertEquals(Topics.GENERATE_REQUESTS, md.path("topic").asText(), r + ": KEDA topic");
        assertEquals(group, md.path("consumerGroup").asText(), r + ": KEDA consumerGroup vs the generator's group.id");
        assertEquals("synthstream-generator", md.path("consumerGroup").asText(), r + ": the generators' group");
        assertTrue(Integer.parseInt(md.path("lagThreshold").asText()) > 0, r + ": lagThreshold");
        if (md.has("offsetResetPolicy")) {
            assertEquals("earliest", md.path("offsetResetPolicy").asText(), r + ": offsetResetPolicy vs the consumer's auto.offset.reset");
        }
    }

    // ------------------------------------------------------------------ overlays

    @Test
    void baseRunsTheGeneratorOnCpu() {
        Rendering base = Rendering.of("k8s/base");
        Container c = base.mainContainer(ServiceModule.GENERATOR);
        assertFalse(c.getImage().endsWith("-gpu"), "base uses the CPU image");
        assertEquals("cpu", env(c, "GENERATOR_DEVICE").orElseThrow().getValue());
        for (Deployment d : base.all(Deployment.class)) {
            for (Container any : allContainers(d.getSpec().getTemplate().getSpec())) {
                assertFalse(any.getResources().getLimits().containsKey(GPU), "no GPUs in base: " + any.getName());
            }
        }
    }

    @Test
    void devIsOneReplicaOfEverythingWithSmallerResources() {
        Rendering base = Rendering.of("k8s/base");
        Rendering dev = Rendering.of("k8s/overlays/dev");
        for (Deployment d : dev.all(Deployment.class)) {
            assertTrue(Optional.ofNullable(d.getSpec().getReplicas()).orElse(1) == 1, "dev: " + d.getMetadata().getName() + " replicas");
        }
        assertEquals(1, KubeModel.tree(dev.generic("keda.sh/v1alpha1", "ScaledObject").get(0)).path("spec").path("maxReplicaCount").asInt());
        assertEquals(1, brokers(dev), "dev: one broker");
        for (KafkaTopic t : dev.topics()) assertEquals(1, t.getSpec().getReplicas(), "dev: replicas of " + t.getSpec().getTopicName());
        Map<String, Object> config = dev.kafka().getSpec().getKafka().getConfig();
        for (String rf : List.of("default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr")) {
            assertEquals(1, number(config, rf), "dev: " + rf);
        }
        boolean smaller = false;
        for (ServiceModule m : ServiceModule.values()) {
            var devLimits = dev.mainContainer(m).getResources().getLimits();
            var baseLimits = base.mainContainer(m).getResources().getLimits();
            for (String res : List.of("cpu", "memory")) {
                int cmp = devLimits.get(res).getNumericalAmount().compareTo(baseLimits.get(res).getNumericalAmount());
                assertTrue(cmp <= 0, "dev: " + m.dir + " " + res + " limit above base");
                smaller |= cmp < 0;
            }
        }
        assertTrue(smaller, "dev should shrink some resources");
    }

    /**
     * The generator's image fixes its heap (-Xmx) rather than taking a share of the pod, and the CPU pods' memory limit
     * holds that heap plus what was measured outside it (~200 MB of JVM and ONNX Runtime, docs/operations.md "Memory")
     * with room for a second model during a swap: a limit below would have the kernel kill a replica under load.
     */
    @Test
    void generatorPodsHoldTheImagesFixedHeapAndWhatLivesOutsideIt() throws Exception {
        String opts = Files.readString(ServiceModule.GENERATOR.root().resolve("src/main/docker/Dockerfile.jvm"));
        Matcher xmx = Pattern.compile("JAVA_OPTS=\"[^\"]*-Xmx(\\d+)m").matcher(opts);
        assertTrue(xmx.find(), "the generator image fixes its heap with -Xmx<MB>m in JAVA_OPTS");
        assertFalse(opts.contains("MaxRAMPercentage"), "a share of the pod lets the heap grow with the limit, not with the need");
        BigDecimal needed = BigDecimal.valueOf((Integer.parseInt(xmx.group(1)) + 256) * 1024L * 1024L);
        for (String overlay : List.of("k8s/base", "k8s/overlays/dev")) {
            var res = Rendering.of(overlay).mainContainer(ServiceModule.GENERATOR).getResources();
            assertTrue(res.getLimits().get("memory").getNumericalAmount().compareTo(needed) >= 0,
                    overlay + ": generator memory limit " + res.getLimits().get("memory") + " below heap + 256 MiB");
            assertTrue(res.getRequests().get("memory").getNumericalAmount().compareTo(needed.subtract(BigDecimal.valueOf(64L << 20))) >= 0,
                    overlay + ": generator memory request " + res.getRequests().get("memory") + " below the resident memory measured after load");
        }
    }

    @Test
    void gpuOverlayPutsTheGeneratorOnAGpuNode() {
        Rendering base = Rendering.of("k8s/base");
        Rendering gpu = Rendering.of("k8s/overlays/gpu");
        Deployment d = gpu.deployment(ServiceModule.GENERATOR);
        Container c = gpu.mainContainer(ServiceModule.GENERATOR);
        assertEquals(new Quantity("1"), c.getResources().getLimits().get(GPU), "gpu: nvidia.com/gpu limit");
        String baseImage = base.mainContainer(ServiceModule.GENERATOR).getImage();
        assertEquals(baseImage.substring(0, baseImage.lastIndexOf(':')) + ":" + baseImage.substring(baseImage.lastIndexOf(':') + 1) + "-gpu",
                c.getImage(), "gpu: same repository, the GPU build's tag");
        assertEquals("gpu", env(c, "GENERATOR_DEVICE").orElseThrow().getValue(), "gpu: GENERATOR_DEVICE");
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertFalse(pod.getNodeSelector() == null || pod.getNodeSelector().isEmpty(), "gpu: nodeSelector for GPU nodes");
        assertTrue(pod.getTolerations().stream().anyMatch(t -> GPU.equals(t.getKey())), "gpu: tolerate the GPU nodes' taint");
        // the rest of the generator and every other object are the base's
        assertEquals(env(base.mainContainer(ServiceModule.GENERATOR), "SYNTHSTREAM_GENERATOR_INTRA_OP_THREADS"),
                env(c, "SYNTHSTREAM_GENERATOR_INTRA_OP_THREADS"), "gpu: thread setting unchanged");
        Map<String, JsonNode> baseRaw = base.raw.stream().collect(Collectors.toMap(Kustomize::id, n -> n));
        for (var o : gpu.raw) {
            if (o.path("kind").asText().equals("Deployment") && o.path("metadata").path("name").asText().equals(d.getMetadata().getName())) continue;
            assertEquals(baseRaw.get(Kustomize.id(o)), o, "gpu changes only the generator Deployment: " + Kustomize.id(o));
        }
        assertEquals(base.raw.size(), gpu.raw.size(), "gpu: same objects as base");
    }

    // ------------------------------------------------------------------ helpers

    static String bootstrap(Kafka kafka) {
        GenericKafkaListener plain = kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> l.getType() == KafkaListenerType.INTERNAL && !l.isTls()).findFirst()
                .orElseThrow(() -> new AssertionError("no internal plain-text listener"));
        return kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.getPort();
    }

    static int brokers(Rendering r) {
        return r.all(KafkaNodePool.class).stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
    }

    static KafkaTopic topic(Rendering r, String name) {
        return r.topics().stream().filter(t -> name.equals(t.getSpec().getTopicName())).findFirst()
                .orElseThrow(() -> new AssertionError(r + ": no KafkaTopic " + name));
    }

    static long number(Map<String, Object> config, String key) {
        Object v = config.get(key);
        if (v == null) fail("Kafka config has no " + key);
        return Long.parseLong(String.valueOf(v));
    }

    static Optional<EnvVar> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    static List<Container> allContainers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getInitContainers());
        all.addAll(pod.getContainers());
        return all;
    }

    static void assertResources(String where, Container c) {
        var res = c.getResources();
        assertNotNull(res, where + ": resources");
        for (String kind : List.of("cpu", "memory")) {
            Quantity request = res.getRequests().get(kind);
            Quantity limit = res.getLimits().get(kind);
            assertNotNull(request, where + ": " + kind + " request");
            assertNotNull(limit, where + ": " + kind + " limit");
            assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0, where + ": " + kind + " request above limit");
        }
    }

    static void assertProbe(String where, Probe probe, String path, ContainerPort http) {
        assertNotNull(probe, where + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, where + ": an HTTP probe");
        assertEquals(path, get.getPath(), where + " path");
        assertTrue(targets(get.getPort(), http), where + ": probe port " + get.getPort() + " is not the HTTP port");
    }

    static boolean targets(IntOrString port, ContainerPort cp) {
        if (port.getIntVal() != null) return port.getIntVal().equals(cp.getContainerPort());
        return port.getStrVal().equals(cp.getName());
    }

    static boolean coversPort(List<NetworkPolicyPort> ports, int port) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> p.getPort() == null
                || Objects.equals(p.getPort().getIntVal(), port) || "http".equals(p.getPort().getStrVal()));
    }

    static boolean kafkaListenerAdmits(Kafka kafka, Map<String, String> podLabels) {
        return kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> l.getType() == KafkaListenerType.INTERNAL && !l.isTls())
                .allMatch(l -> l.getNetworkPolicyPeers() == null || l.getNetworkPolicyPeers().isEmpty()
                        || l.getNetworkPolicyPeers().stream().anyMatch(p -> p.getNamespaceSelector() == null && p.getIpBlock() == null
                        && selects(p.getPodSelector(), podLabels)));
    }

    static boolean isEmpty(LabelSelector s) {
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }

    static boolean selectsLabels(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean selects(LabelSelector s, Map<String, String> labels) {
        if (s == null) return false;
        if (s.getMatchLabels() != null && !s.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement req : s.getMatchExpressions()) {
                String v = labels.get(req.getKey());
                boolean ok = switch (req.getOperator()) {
                    case "In" -> v != null && req.getValues().contains(v);
                    case "NotIn" -> v == null || !req.getValues().contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> throw new AssertionError("unknown selector operator " + req.getOperator());
                };
                if (!ok) return false;
            }
        }
        return true;
    }
}
