package io.synthstream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer and the strict model parsing, on small made-up kustomizations: they must bite where kubectl would. */
class KustomizeRendererTest {
    @TempDir
    Path tmp;

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              replicas: 2
              selector:
                matchLabels: {app: app}
              template:
                metadata:
                  labels: {app: app}
                spec:
                  containers:
                    - name: main
                      image: example/app:1.0
                      env:
                        - {name: A, value: "1"}
                        - {name: B, value: "2"}
                      ports:
                        - {name: http, containerPort: 8080}
                    - name: sidecar
                      image: example/sidecar:2.0
                  tolerations:
                    - {key: x, operator: Exists}
            """;
    static final String TOPIC = """
            apiVersion: kafka.strimzi.io/v1beta2
            kind: KafkaTopic
            metadata:
              name: t1
              labels: {strimzi.io/cluster: c}
            spec:
              partitions: 4
              replicas: 3
              config: {cleanup.policy: delete, retention.ms: 1000}
            """;

    Path write(String relative, String text) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    void base() throws IOException {
        write("base/app.yaml", DEPLOYMENT + "---\n" + TOPIC + "---\n" + TOPIC.replace("name: t1", "name: t2"));
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: ns
                labels:
                  - pairs: {team: a}
                resources: [app.yaml]
                """);
    }

    static JsonNode find(List<ObjectNode> out, String kind, String name) {
        return out.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void rendersResourcesNamespaceAndMetadataLabels() throws IOException {
        base();
        List<ObjectNode> out = Kustomize.build(tmp.resolve("base"));
        assertEquals(3, out.size());
        JsonNode d = find(out, "Deployment", "app");
        assertEquals("ns", d.path("metadata").path("namespace").asText());
        assertEquals("a", d.path("metadata").path("labels").path("team").asText());
        assertEquals("{\"app\":\"app\"}", d.path("spec").path("selector").path("matchLabels").toString(), "selectors untouched");
    }

    @Test
    void strategicMergeMergesBuiltInListsByKeyAndReplacesOthers() throws IOException {
        base();
        write("overlay/patch.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: main
                          env:
                            - {name: B, value: "20"}
                            - {name: C, value: "3"}
                      tolerations:
                        - {key: y, operator: Exists}
                """);
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                patches:
                  - path: patch.yaml
                """);
        JsonNode d = find(Kustomize.build(tmp.resolve("overlay")), "Deployment", "app");
        assertEquals(1, d.path("spec").path("replicas").asInt());
        JsonNode containers = d.path("spec").path("template").path("spec").path("containers");
        assertEquals(2, containers.size(), "containers merged by name, the sidecar kept");
        assertEquals("example/app:1.0", containers.get(0).path("image").asText(), "untouched fields kept");
        assertEquals("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"20\"},{\"name\":\"C\",\"value\":\"3\"}]",
                containers.get(0).path("env").toString(), "env merged by name");
        assertEquals("[{\"key\":\"y\",\"operator\":\"Exists\"}]", d.path("spec").path("template").path("spec").path("tolerations").toString(),
                "tolerations have no merge key: replaced");
    }

    @Test
    void customResourcesMergeLikeJsonMergePatch() {
        ObjectNode target = (ObjectNode) Repo.parseYaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners: [{name: a, port: 1}, {name: b, port: 2}]
                    config: {x: 1, y: 2}
                """);
        Kustomize.strategicMerge(target, (ObjectNode) Repo.parseYaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners: [{name: a, port: 9}]
                    config: {y: 20, x: null}
                """), false);
        assertEquals("[{\"name\":\"a\",\"port\":9}]", target.path("spec").path("kafka").path("listeners").toString(), "lists replaced");
        assertEquals("{\"y\":20}", target.path("spec").path("kafka").path("config").toString(), "maps merged, null deletes");
    }

    @Test
    void json6902PatchesEveryTargetAndImagesRetag() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                images:
                  - {name: example/app, newTag: "1.0-gpu"}
                patches:
                  - target: {kind: KafkaTopic}
                    patch: |-
                      - {op: replace, path: /spec/replicas, value: 1}
                      - {op: add, path: /spec/config/min.insync.replicas, value: 1}
                      - {op: remove, path: /spec/config/retention.ms}
                  - target: {kind: Deployment, name: app}
                    patch: |-
                      - {op: add, path: /spec/template/spec/containers/0/env/-, value: {name: D, value: "4"}}
                """);
        List<ObjectNode> out = Kustomize.build(tmp.resolve("overlay"));
        for (String t : List.of("t1", "t2")) {
            JsonNode topic = find(out, "KafkaTopic", t);
            assertEquals(1, topic.path("spec").path("replicas").asInt());
            assertEquals("{\"cleanup.policy\":\"delete\",\"min.insync.replicas\":1}", topic.path("spec").path("config").toString());
        }
        JsonNode containers = find(out, "Deployment", "app").path("spec").path("template").path("spec").path("containers");
        assertEquals("example/app:1.0-gpu", containers.get(0).path("image").asText());
        assertEquals("example/sidecar:2.0", containers.get(1).path("image").asText(), "other images untouched");
        assertEquals("D", containers.get(0).path("env").get(2).path("name").asText());
    }

    @Test
    void retagKeepsRegistriesWithPorts() {
        JsonNode image = Repo.parseYaml("{name: 'registry:5000/app', newTag: v2}");
        assertEquals("registry:5000/app:v2", Kustomize.retag("registry:5000/app:v1", image));
        assertEquals("registry:5000/app:v2", Kustomize.retag("registry:5000/app", image));
        assertEquals("other/app:v1", Kustomize.retag("other/app:v1", image));
    }

    @Test
    void refusesWhatItDoesNotImplementOrCannotMatch() throws IOException {
        base();
        write("a/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                namePrefix: x-
                """);
        assertThrows(UnsupportedOperationException.class, () -> Kustomize.build(tmp.resolve("a")));
        write("b/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nope}\nspec: {replicas: 1}\n");
        write("b/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                patches: [{path: patch.yaml}]
                """);
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(tmp.resolve("b")), "a patch matching nothing");
        write("c/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base/app.yaml, ../base/app.yaml]
                """);
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(tmp.resolve("c")), "duplicate resources");
    }

    @Test
    void strictParsingReportsUnknownFieldsWrongTypesAndBadQuantities() {
        ObjectNode typo = (ObjectNode) Repo.parseYaml(DEPLOYMENT.replace("replicas: 2", "replica: 2"));
        AssertionError e1 = assertThrows(AssertionError.class, () -> KubeModel.parse(List.of(typo)));
        assertTrue(e1.getMessage().contains("replica"), e1.getMessage());

        ObjectNode misplaced = (ObjectNode) Repo.parseYaml(DEPLOYMENT.replace("      image: example/app:1.0", "      image: example/app:1.0\n          livenessprobe: {}"));
        assertThrows(AssertionError.class, () -> KubeModel.parse(List.of(misplaced)));

        ObjectNode wrongType = (ObjectNode) Repo.parseYaml(TOPIC.replace("partitions: 4", "partitions: four"));
        assertThrows(AssertionError.class, () -> KubeModel.parse(List.of(wrongType)));

        ObjectNode badQuantity = (ObjectNode) Repo.parseYaml(DEPLOYMENT.replace("      image: example/app:1.0",
                "      image: example/app:1.0\n          resources: {limits: {cpu: two}}"));
        assertThrows(AssertionError.class, () -> KubeModel.parse(List.of(badQuantity)));

        ObjectNode unknownKind = (ObjectNode) Repo.parseYaml("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n");
        assertThrows(AssertionError.class, () -> KubeModel.parse(List.of(unknownKind)));

        ObjectNode noListeners = (ObjectNode) Repo.parseYaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: Kafka
                metadata: {name: k}
                spec:
                  kafka:
                    listeners: [{name: plain, type: internal, tls: false}]
                """);
        AssertionError e2 = assertThrows(AssertionError.class, () -> KubeModel.parse(List.of(noListeners)), "a listener without its port");
        assertTrue(e2.getMessage().contains("port"), e2.getMessage());

        assertEquals(1, KubeModel.parse(List.of((ObjectNode) Repo.parseYaml(TOPIC))).size(), "a valid topic parses");
    }
}
