package io.synthstream.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rendered manifests as typed objects: fabric8's Kubernetes model for built-in kinds, Strimzi's API model for
 * Kafka / KafkaNodePool / KafkaTopic, a generic resource for KEDA's ScaledObject (no Java model on the classpath;
 * its fields are checked by the tests). Parsing is strict: a field the model does not know (a typo, a wrong
 * indentation, a value of the wrong type) lands in the models' additionalProperties, and that is an error here;
 * so is a field the model marks {@code @JsonProperty(required = true)} left empty (Strimzi's listeners, ports...).
 */
final class KubeModel {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Kinds k8s/ may contain without a Java model. */
    private static final Set<String> GENERIC_KINDS = Set.of("keda.sh/v1alpha1/ScaledObject");

    static {
        SERIALIZATION.registerKubernetesResource(Kafka.class);
        SERIALIZATION.registerKubernetesResource(KafkaNodePool.class);
        SERIALIZATION.registerKubernetesResource(KafkaTopic.class);
    }

    private KubeModel() {
    }

    /** Typed objects of a rendering; throws with every problem found. */
    static List<HasMetadata> parse(List<ObjectNode> rendered) {
        List<HasMetadata> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode r : rendered) {
            String apiVersion = r.path("apiVersion").asText();
            String kind = r.path("kind").asText();
            String where = apiVersion + "/" + kind + " " + r.path("metadata").path("name").asText();
            if (GENERIC_KINDS.contains(apiVersion + "/" + kind)) {
                out.add(SERIALIZATION.convertValue(r, GenericKubernetesResource.class));
                continue;
            }
            Class<? extends KubernetesResource> type = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
            if (type == null || type == GenericKubernetesResource.class || !HasMetadata.class.isAssignableFrom(type)) {
                problems.add(where + ": no model for this apiVersion/kind (a typo, or a kind deploy-validation does not know)");
                continue;
            }
            try {
                HasMetadata typed = (HasMetadata) SERIALIZATION.convertValue(r, type);
                unknownFields(typed, r, where, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
                out.add(typed);
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new AssertionError("manifests do not match their models:\n  " + String.join("\n  ", problems));
        return out;
    }

    /**
     * Walks a model object's getters next to the YAML it came from: non-empty additionalProperties, missing
     * required fields ({@code @JsonProperty(required = true)}, checked in the YAML since a missing int reads as 0)
     * and unparsable quantities are problems.
     */
    static void unknownFields(Object o, JsonNode raw, String path, List<String> problems, Set<Object> seen) {
        if (o == null) return;
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, raw == null ? null : raw.get(String.valueOf(k)), path + "." + k, problems, seen));
            return;
        }
        if (o instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, raw != null && raw.isArray() ? raw.get(i) : null, path + "[" + i + "]", problems, seen);
                i++;
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8.kubernetes.api.model") || pkg.startsWith("io.strimzi.api"))) return;
        if (!seen.add(o)) return;
        if (o instanceof Quantity q) {
            try {
                q.getNumericalAmount();
            } catch (RuntimeException e) {
                problems.add(path + ": not a quantity: " + q);
            }
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) continue;
            String name = m.getName();
            if (!(name.startsWith("get") || name.startsWith("is")) || m.getReturnType() == void.class) continue;
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // computed getters of the models (e.g. a CRD's plural), not data
            }
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) or wrong type: " + extra.keySet());
                }
                continue;
            }
            String field = name.startsWith("get") ? name.substring(3) : name.substring(2);
            field = Character.toLowerCase(field.charAt(0)) + field.substring(1);
            JsonProperty property = m.getAnnotation(JsonProperty.class);
            String json = property != null && !property.value().isEmpty() ? property.value() : field;
            if (property != null && property.required() && raw != null && raw.isObject() && (!raw.has(json) || raw.get(json).isNull())) {
                problems.add(path + ": required field " + json + " is missing");
            }
            unknownFields(value, raw != null && raw.isObject() ? raw.get(json) : null, path + "." + json, problems, seen);
        }
    }

    static JsonNode tree(Object model) {
        return SERIALIZATION.convertValue(model, JsonNode.class);
    }
}
