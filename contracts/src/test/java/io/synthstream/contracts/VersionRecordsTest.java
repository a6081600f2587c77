package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.artifacts.ArtifactChunks;
import io.synthstream.contracts.artifacts.VersionRecords;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class VersionRecordsTest {
    @Test
    void tombstonesCoverEveryKeyAVersionWasWrittenUnder() {
        byte[] onnx = new byte[1_200_000], png = new byte[700];
        new Random(1).nextBytes(onnx);
        var artifact = ArtifactChunks.describe("onnx", "application/onnx", onnx, Topics.ARTIFACT_CHUNK_BYTES);
        var preview = ArtifactChunks.describe("preview", "image/png", png, Topics.ARTIFACT_CHUNK_BYTES);
        var event = new ModelVersionPublished("m", 3, artifact, preview,
                new GeneratorContract("z", "label", "sample", 100, 10, null, List.of(1, 28, 28), -1, 1, 17), null, "job", "mnist",
                "conditional-mlp", Instant.EPOCH);

        List<ProducerRecord<String, byte[]>> written = VersionRecords.of(event, onnx, png);
        List<ProducerRecord<String, byte[]>> tombstones = VersionRecords.tombstones(event);

        assertEquals(keys(written), keys(tombstones));
        assertEquals(artifact.chunkCount() + preview.chunkCount() + 1, tombstones.size());
        tombstones.forEach(t -> assertNull(t.value(), t.key()));
        assertEquals(Topics.MODELS, tombstones.get(tombstones.size() - 1).topic(), "the event's tombstone comes last, as the event did");
    }

    @Test
    void aTombstonesKeyNamesTheRetiredVersionAndNothingElseDoes() {
        var ref = ModelVersionPublished.ofKey(ModelVersionPublished.key("mnist-conditional-mlp", 12)).orElseThrow();
        assertEquals("mnist-conditional-mlp", ref.modelName());
        assertEquals(12L, ref.version());
        for (String other : List.of("m/v3/onnx/0", "m/x", "/3", "m", "")) {
            assertTrue(ModelVersionPublished.ofKey(other).isEmpty(), other);
        }
        assertTrue(ModelVersionPublished.ofKey(null).isEmpty());
    }

    private static Set<Map.Entry<String, String>> keys(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(r -> Map.entry(r.topic(), r.key())).collect(Collectors.toSet());
    }
}
