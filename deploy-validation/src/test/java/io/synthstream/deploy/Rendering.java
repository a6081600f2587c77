package io.synthstream.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One kustomization of k8s/, rendered and parsed once per test run. */
final class Rendering {
    static final List<String> ALL = List.of("k8s/base", "k8s/overlays/dev", "k8s/overlays/gpu");
    private static final Map<String, Rendering> CACHE = new ConcurrentHashMap<>();

    final String dir;
    final List<ObjectNode> raw;
    final List<HasMetadata> objects;

    private Rendering(String dir) {
        this.dir = dir;
        this.raw = Kustomize.build(Repo.path(dir));
        this.objects = KubeModel.parse(raw);
    }

    static Rendering of(String dir) {
        return CACHE.computeIfAbsent(dir, Rendering::new);
    }

    @Override
    public String toString() {
        return dir;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
        if (found.size() != 1) throw new AssertionError(dir + ": expected one " + type.getSimpleName() + " " + name + ", found " + found.size());
        return found.get(0);
    }

    Deployment deployment(ServiceModule m) {
        return one(Deployment.class, deploymentName(m));
    }

    static String deploymentName(ServiceModule m) {
        return m.dir; // trainer-service, generator-service, gateway
    }

    /** The service's own container: the one named after the component, not the init containers. */
    Container mainContainer(ServiceModule m) {
        List<Container> cs = deployment(m).getSpec().getTemplate().getSpec().getContainers();
        if (cs.size() != 1) throw new AssertionError(dir + ": " + m.dir + " should run exactly one container, has " + cs.size());
        return cs.get(0);
    }

    Kafka kafka() {
        List<Kafka> k = all(Kafka.class);
        if (k.size() != 1) throw new AssertionError(dir + ": expected one Kafka, found " + k.size());
        return k.get(0);
    }

    List<KafkaTopic> topics() {
        return all(KafkaTopic.class);
    }

    List<GenericKubernetesResource> generic(String apiVersion, String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(g -> apiVersion.equals(g.getApiVersion()) && kind.equals(g.getKind())).toList();
    }
}
