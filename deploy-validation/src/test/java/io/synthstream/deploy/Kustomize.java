package io.synthstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small kustomize renderer for exactly the features k8s/ uses, so the manifests can be checked without kubectl:
 * <ul>
 *   <li>{@code resources}: YAML files (several documents each) and directories holding a kustomization;</li>
 *   <li>{@code namespace}: sets metadata.namespace of every (namespaced) resource;</li>
 *   <li>{@code labels} with {@code pairs} only (includeSelectors / includeTemplates false): metadata.labels;</li>
 *   <li>{@code images}: newName / newTag / digest of matching container images;</li>
 *   <li>{@code patches}: a strategic merge patch (file or inline, one document) matched by its kind and name or
 *       by a {@code target}, or a JSON 6902 patch (add / remove / replace / test) with a {@code target}.</li>
 * </ul>
 * Strategic merge follows Kubernetes for built-in kinds (lists of containers, env, volumes, volumeMounts, ports
 * merge by their key; other lists are replaced) and JSON merge patch for custom resources (every list replaced),
 * as kustomize does for kinds it has no schema for. Anything else in a kustomization is refused, so a feature
 * used in k8s/ but unknown here fails loudly instead of being ignored.
 * Transformers run in kustomize's order: patches, namespace, labels, images.
 */
final class Kustomize {
    private static final Set<String> SUPPORTED_KEYS = Set.of("apiVersion", "kind", "resources", "namespace", "labels", "images",
            "patches");
    /** API groups whose kinds merge lists by key (Kubernetes' own schema); anything else is a custom resource. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "policy", "networking.k8s.io", "autoscaling",
            "rbac.authorization.k8s.io", "storage.k8s.io");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");
    /** Strategic-merge keys of Kubernetes' lists that k8s/ may patch. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name", "initContainers", "name", "ephemeralContainers", "name", "env", "name",
            "volumes", "name", "volumeMounts", "mountPath", "imagePullSecrets", "name", "hostAliases", "ip");

    private Kustomize() {
    }

    /** Renders the kustomization in this directory (like {@code kustomize build dir}). */
    static List<ObjectNode> build(Path dir) {
        return build(dir.toAbsolutePath().normalize(), new HashSet<>());
    }

    private static List<ObjectNode> build(Path dir, Set<Path> visiting) {
        if (!visiting.add(dir)) throw new IllegalArgumentException("kustomization cycle at " + dir);
        Path file = Files.isRegularFile(dir.resolve("kustomization.yaml")) ? dir.resolve("kustomization.yaml") : dir.resolve("kustomization.yml");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        JsonNode k = Repo.readYaml(file);
        k.fieldNames().forEachRemaining(f -> {
            if (!SUPPORTED_KEYS.contains(f)) throw new UnsupportedOperationException(file + ": '" + f + "' is not supported by this renderer");
        });
        if (!"kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText()) || !"Kustomization".equals(k.path("kind").asText())) {
            throw new IllegalArgumentException(file + ": expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization");
        }

        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) resources.addAll(build(p, visiting));
            else if (Files.isRegularFile(p)) resources.addAll(Repo.readYamlDocuments(p));
            else throw new IllegalArgumentException(file + ": resource " + r.asText() + " does not exist");
        }
        for (JsonNode patch : k.path("patches")) applyPatch(dir, file, patch, resources);
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            for (ObjectNode r : resources) {
                if (!CLUSTER_SCOPED.contains(r.path("kind").asText())) metadata(r).put("namespace", ns);
            }
        }
        for (JsonNode l : k.path("labels")) {
            l.fieldNames().forEachRemaining(f -> {
                if (!Set.of("pairs", "includeSelectors", "includeTemplates").contains(f)) {
                    throw new UnsupportedOperationException(file + ": labels." + f + " is not supported");
                }
            });
            if (l.path("includeSelectors").asBoolean(false) || l.path("includeTemplates").asBoolean(false)) {
                throw new UnsupportedOperationException(file + ": labels with includeSelectors/includeTemplates are not supported");
            }
            for (ObjectNode r : resources) {
                ObjectNode labels = metadata(r).withObjectProperty("labels");
                l.path("pairs").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            }
        }
        for (JsonNode image : k.path("images")) {
            image.fieldNames().forEachRemaining(f -> {
                if (!Set.of("name", "newName", "newTag", "digest").contains(f)) {
                    throw new UnsupportedOperationException(file + ": images." + f + " is not supported");
                }
            });
            for (ObjectNode r : resources) setImages(r, image);
        }
        checkUnique(file, resources);
        visiting.remove(dir);
        return resources;
    }

    static String id(JsonNode r) {
        return group(r.path("apiVersion").asText()) + "/" + r.path("kind").asText() + "/"
                + r.path("metadata").path("namespace").asText("") + "/" + r.path("metadata").path("name").asText();
    }

    private static void checkUnique(Path file, List<ObjectNode> resources) {
        Set<String> ids = new HashSet<>();
        for (ObjectNode r : resources) {
            if (r.path("metadata").path("name").asText("").isEmpty()) throw new IllegalArgumentException(file + ": a resource has no name: " + r);
            if (!ids.add(id(r))) throw new IllegalArgumentException(file + ": duplicate resource " + id(r));
        }
    }

    private static ObjectNode metadata(ObjectNode r) {
        return r.withObjectProperty("metadata");
    }

    static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    // ---------------------------------------------------------------- patches

    private static void applyPatch(Path dir, Path file, JsonNode entry, List<ObjectNode> resources) {
        entry.fieldNames().forEachRemaining(f -> {
            if (!Set.of("path", "patch", "target").contains(f)) throw new UnsupportedOperationException(file + ": patches[]." + f + " is not supported");
        });
        boolean hasPath = entry.hasNonNull("path");
        if (hasPath == entry.hasNonNull("patch")) throw new IllegalArgumentException(file + ": a patch needs exactly one of path and patch");
        String where = hasPath ? entry.get("path").asText() : "inline patch";
        JsonNode patch;
        if (hasPath) {
            List<ObjectNode> docs = Repo.readYamlDocuments(dir.resolve(entry.get("path").asText()));
            if (docs.size() != 1) throw new UnsupportedOperationException(file + ": " + where + " must hold exactly one patch");
            patch = docs.get(0);
        } else {
            patch = Repo.parseYaml(entry.get("patch").asText());
        }
        List<ObjectNode> targets;
        if (entry.has("target")) {
            targets = select(entry.get("target"), resources, file);
        } else if (patch.isObject()) {
            targets = resources.stream().filter(r -> sameKindAndName(r, patch)).toList();
            if (targets.size() != 1) {
                throw new IllegalArgumentException(file + ": " + where + " matches " + targets.size() + " resources (kind "
                        + patch.path("kind").asText() + ", name " + patch.path("metadata").path("name").asText() + "), expected 1");
            }
        } else {
            throw new IllegalArgumentException(file + ": JSON 6902 " + where + " needs a target");
        }
        for (ObjectNode target : targets) {
            if (patch.isArray()) json6902(target, (ArrayNode) patch, file + ": " + where);
            else if (patch.isObject()) strategicMerge(target, (ObjectNode) patch, BUILT_IN_GROUPS.contains(group(target.path("apiVersion").asText())));
            else throw new IllegalArgumentException(file + ": " + where + " is neither a mapping nor a list of operations");
        }
    }

    private static boolean sameKindAndName(JsonNode r, JsonNode patch) {
        JsonNode pm = patch.path("metadata");
        return r.path("kind").asText().equals(patch.path("kind").asText())
                && group(r.path("apiVersion").asText()).equals(group(patch.path("apiVersion").asText()))
                && r.path("metadata").path("name").asText().equals(pm.path("name").asText())
                && (!pm.has("namespace") || pm.get("namespace").asText().equals(r.path("metadata").path("namespace").asText()));
    }

    /** Resources matching a patch target (group, version, kind, name as a full regex, namespace). */
    static List<ObjectNode> select(JsonNode target, List<ObjectNode> resources, Path file) {
        target.fieldNames().forEachRemaining(f -> {
            if (!Set.of("group", "version", "kind", "name", "namespace").contains(f)) {
                throw new UnsupportedOperationException(file + ": patch target " + f + " is not supported");
            }
        });
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : resources) {
            String apiVersion = r.path("apiVersion").asText();
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (target.has("group") && !target.get("group").asText().equals(group(apiVersion))) continue;
            if (target.has("version") && !target.get("version").asText().equals(version)) continue;
            if (target.has("kind") && !target.get("kind").asText().equals(r.path("kind").asText())) continue;
            if (target.has("name") && !Pattern.compile(target.get("name").asText()).matcher(r.path("metadata").path("name").asText()).matches()) continue;
            if (target.has("namespace") && !target.get("namespace").asText().equals(r.path("metadata").path("namespace").asText())) continue;
            out.add(r);
        }
        // kustomize ignores a target that matches nothing; a typo here is better reported
        if (out.isEmpty()) throw new IllegalArgumentException(file + ": patch target " + target + " matches no resource");
        return out;
    }

    /** Strategic merge of patch into target, in place. apiVersion, kind and metadata.name of the patch only select. */
    static void strategicMerge(ObjectNode target, ObjectNode patch, boolean builtIn) {
        ObjectNode p = patch.deepCopy();
        p.remove("apiVersion");
        p.remove("kind");
        if (p.path("metadata").isObject()) {
            ((ObjectNode) p.get("metadata")).remove("name");
            ((ObjectNode) p.get("metadata")).remove("namespace");
        }
        mergeObject(target, p, builtIn);
    }

    private static void mergeObject(ObjectNode target, ObjectNode patch, boolean builtIn) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            var e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            if (field.startsWith("$")) throw new UnsupportedOperationException("strategic merge directive " + field + " is not supported");
            if (value.isNull()) {
                target.remove(field);
                continue;
            }
            JsonNode existing = target.get(field);
            if (existing != null && existing.isObject() && value.isObject()) {
                mergeObject((ObjectNode) existing, (ObjectNode) value, builtIn);
            } else if (existing != null && existing.isArray() && value.isArray() && builtIn && mergeKey(field, (ArrayNode) value) != null) {
                mergeList((ArrayNode) existing, (ArrayNode) value, mergeKey(field, (ArrayNode) value), builtIn);
            } else {
                target.set(field, value.deepCopy());
            }
        }
    }

    private static String mergeKey(String field, ArrayNode items) {
        if (field.equals("ports")) {
            // container ports merge by containerPort, Service ports by port
            return items.size() > 0 && items.get(0).has("containerPort") ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static void mergeList(ArrayNode target, ArrayNode patch, String key, boolean builtIn) {
        for (JsonNode item : patch) {
            if (!item.isObject() || !item.has(key)) throw new IllegalArgumentException("patch list item without its merge key " + key + ": " + item);
            ObjectNode match = null;
            for (JsonNode t : target) {
                if (t.isObject() && item.get(key).equals(t.get(key))) {
                    match = (ObjectNode) t;
                    break;
                }
            }
            if (match != null) mergeObject(match, (ObjectNode) item, builtIn);
            else target.add(item.deepCopy());
        }
    }

    /** RFC 6902 add / remove / replace / test, in place. */
    static void json6902(ObjectNode target, ArrayNode ops, String where) {
        for (JsonNode op : ops) {
            String kind = op.path("op").asText();
            String path = op.path("path").asText(null);
            if (path == null || !path.startsWith("/")) throw new IllegalArgumentException(where + ": bad path in " + op);
            List<String> tokens = new ArrayList<>();
            for (String t : path.substring(1).split("/", -1)) tokens.add(t.replace("~1", "/").replace("~0", "~"));
            JsonNode parent = target;
            for (String t : tokens.subList(0, tokens.size() - 1)) {
                parent = parent.isArray() ? parent.path(Integer.parseInt(t)) : parent.path(t);
                if (parent.isMissingNode()) throw new IllegalArgumentException(where + ": " + path + " does not exist");
            }
            String last = tokens.get(tokens.size() - 1);
            switch (kind) {
                case "add" -> {
                    if (parent.isObject()) ((ObjectNode) parent).set(last, op.get("value").deepCopy());
                    else if (parent.isArray() && last.equals("-")) ((ArrayNode) parent).add(op.get("value").deepCopy());
                    else if (parent.isArray()) ((ArrayNode) parent).insert(index(parent, last, true, where), op.get("value").deepCopy());
                    else throw new IllegalArgumentException(where + ": cannot add at " + path);
                }
                case "replace", "remove", "test" -> {
                    JsonNode current = parent.isArray() ? parent.get(index(parent, last, false, where)) : parent.get(last);
                    if (current == null) throw new IllegalArgumentException(where + ": " + kind + " of missing " + path);
                    if (kind.equals("test")) {
                        if (!current.equals(op.get("value"))) throw new IllegalArgumentException(where + ": test failed at " + path);
                    } else if (kind.equals("remove")) {
                        if (parent.isArray()) ((ArrayNode) parent).remove(index(parent, last, false, where));
                        else ((ObjectNode) parent).remove(last);
                    } else if (parent.isArray()) {
                        ((ArrayNode) parent).set(index(parent, last, false, where), op.get("value").deepCopy());
                    } else {
                        ((ObjectNode) parent).set(last, op.get("value").deepCopy());
                    }
                }
                default -> throw new UnsupportedOperationException(where + ": op '" + kind + "' is not supported");
            }
        }
    }

    private static int index(JsonNode array, String token, boolean forAdd, String where) {
        int i = Integer.parseInt(token);
        if (i < 0 || i > array.size() || (!forAdd && i == array.size())) throw new IllegalArgumentException(where + ": index " + i + " out of range");
        return i;
    }

    // ---------------------------------------------------------------- images

    private static void setImages(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue().isArray()) {
                    for (JsonNode c : e.getValue()) {
                        if (c.hasNonNull("image")) ((ObjectNode) c).put("image", retag(c.get("image").asText(), image));
                    }
                } else {
                    setImages(e.getValue(), image);
                }
            });
        } else if (node.isArray()) {
            for (JsonNode n : node) setImages(n, image);
        }
    }

    /** name[:tag][@digest] with kustomize's images entry applied when the name matches. */
    static String retag(String ref, JsonNode image) {
        String name = ref;
        String tag = null;
        String digest = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at + 1);
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        if (!name.equals(image.path("name").asText())) return ref;
        if (image.hasNonNull("newName")) name = image.get("newName").asText();
        if (image.hasNonNull("newTag")) {
            tag = image.get("newTag").asText();
            digest = null;
        }
        if (image.hasNonNull("digest")) {
            digest = image.get("digest").asText();
            tag = null;
        }
        return name + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
