package io.synthstream.generator.tools;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version and its ONNX bytes: the newest one on the model topics (read once, to their current end),
 * or one from a directory as the trainer keeps it.
 */
public final class PublishedModels {
    public record Newest(ModelVersionPublished event, byte[] onnx) {
    }

    private PublishedModels() {
    }

    /** A version directory as the trainer keeps it ({@code <model>/<version>/}: version.json and model.onnx). */
    public static Newest fromDirectory(Path dir) throws IOException {
        return new Newest(EventJson.fromBytes(Files.readAllBytes(dir.resolve("version.json")), ModelVersionPublished.class),
                Files.readAllBytes(dir.resolve("model.onnx")));
    }

    public static Newest newest(KafkaConnection kafka, String model) {
        Map<String, ModelVersionPublished> newest = new HashMap<>();
        ModelTopicSnapshot.readToEnd(kafka, List.of(Topics.MODELS), r -> {
            if (r.value() == null) return; // a retirement: never the newest version of a model
            var e = EventJson.fromBytes(r.value(), ModelVersionPublished.class);
            newest.merge(e.modelName(), e, (a, b) -> a.version() >= b.version() ? a : b);
        });
        ModelVersionPublished e = model != null ? newest.get(model)
                : newest.values().stream().filter(v -> !ModelVersionPublished.isBenchModel(v.modelName()))
                .max(java.util.Comparator.comparing(ModelVersionPublished::createdAt)).orElse(null);
        if (e == null) {
            throw new IllegalStateException("no published model" + (model == null ? "" : " named " + model)
                    + " on " + kafka.bootstrapServers() + ": train one first (./synthstream up launches one)");
        }
        return new Newest(e, ModelTopicSnapshot.artifact(kafka, e, e.artifact(), Map.of())
                .orElseThrow(() -> new IllegalStateException(e.key() + ": its artifact is not complete on " + Topics.MODEL_ARTIFACTS)));
    }
}
