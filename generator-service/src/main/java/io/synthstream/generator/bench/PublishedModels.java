package io.synthstream.generator.bench;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ArtifactAssembler;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A model version and its ONNX bytes: the newest one on the model topics (read once, to their current end),
 * or one from a directory as the trainer keeps it.
 */
final class PublishedModels {
    record Newest(ModelVersionPublished event, byte[] onnx) {
    }

    private PublishedModels() {
    }

    /** A version directory as the trainer keeps it ({@code <model>/<version>/}: version.json and model.onnx). */
    static Newest fromDirectory(Path dir) throws IOException {
        return new Newest(EventJson.fromBytes(Files.readAllBytes(dir.resolve("version.json")), ModelVersionPublished.class),
                Files.readAllBytes(dir.resolve("model.onnx")));
    }

    static Newest newest(KafkaConnection kafka, String model) {
        Map<String, ModelVersionPublished> newest = new HashMap<>();
        ArtifactAssembler assembler = new ArtifactAssembler();
        readToEnd(kafka, List.of(Topics.MODELS, Topics.MODEL_ARTIFACTS), r -> {
            if (r.value() == null) return;
            if (Topics.MODEL_ARTIFACTS.equals(r.topic())) {
                assembler.accept(r);
            } else {
                var e = EventJson.fromBytes(r.value(), ModelVersionPublished.class);
                newest.merge(e.modelName(), e, (a, b) -> a.version() >= b.version() ? a : b);
            }
        });
        ModelVersionPublished e = model != null ? newest.get(model)
                : newest.values().stream().filter(v -> !v.modelName().startsWith(GeneratorBench.BENCH_MODEL))
                .max(java.util.Comparator.comparing(ModelVersionPublished::createdAt)).orElse(null);
        if (e == null) {
            throw new IllegalStateException("no published model" + (model == null ? "" : " named " + model)
                    + " on " + kafka.bootstrapServers() + ": train one first (./synthstream up launches one)");
        }
        return new Newest(e, assembler.assemble(e.modelName(), e.version(), e.artifact()).orElseThrow());
    }

    /** The versions of a model still on the model topic (not yet retired by a tombstone), oldest first. */
    static List<ModelVersionPublished> versions(KafkaConnection kafka, String model) {
        Map<String, ModelVersionPublished> byKey = new TreeMap<>();
        readToEnd(kafka, List.of(Topics.MODELS), r -> {
            if (r.value() == null) {
                byKey.remove(r.key());
            } else {
                var e = EventJson.fromBytes(r.value(), ModelVersionPublished.class);
                if (e.modelName().equals(model)) byKey.put(r.key(), e);
            }
        });
        return byKey.values().stream().sorted(java.util.Comparator.comparingLong(ModelVersionPublished::version)).toList();
    }

    /** Every committed record of the topics, from their beginning to their end as of now. */
    private static void readToEnd(KafkaConnection kafka, List<String> topics, Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> p = kafka.clientConfig(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * Topics.ARTIFACT_MAX_MESSAGE_BYTES));
        try (var c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) c.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) c.poll(Duration.ofMillis(500)).forEach(each);
        }
    }
}
