package io.synthstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.events.TrainingJobRequested;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ListModelsTest {
    @Test
    void anInt8VersionSaysSo() {
        var versions = new TreeMap<Long, ModelVersionPublished>();
        versions.put(1L, version(1, TrainingJobRequested.PRECISION_FLOAT32));
        versions.put(2L, version(2, TrainingJobRequested.PRECISION_INT8));
        versions.put(3L, version(3, null)); // published before the field existed
        String float32 = ListModels.line(versions.get(1L), versions, null, 10);
        String int8 = ListModels.line(versions.get(2L), versions, null, 10);
        String old = ListModels.line(versions.get(3L), versions, null, 10);
        assertTrue(int8.contains("conditional-mlp int8"), int8);
        assertFalse(float32.contains("int8"), float32);
        assertFalse(old.contains("int8"), old);
        assertTrue(old.contains("live"), old);
    }

    @Test
    void benchmarkCopiesAreNotListed() {
        var real = new TreeMap<Long, ModelVersionPublished>(java.util.Map.of(1L, version(1, null)));
        var bench = new TreeMap<Long, ModelVersionPublished>(java.util.Map.of(7L, version(7, null)));
        var shown = ListModels.shown(java.util.Map.of("mnist-conditional-mlp", real, "bench-mnist-conditional-mlp", bench));
        assertEquals(java.util.Set.of("mnist-conditional-mlp"), shown.keySet());
    }

    private static ModelVersionPublished version(long v, String precision) {
        var contract = new GeneratorContract("z", "label", "sample", 8, 10, List.of(), List.of(1, 28, 28), -1, 1, 17, precision);
        return new ModelVersionPublished("m", v, null, null, contract, null, "job", "mnist", "conditional-mlp", Instant.parse("2026-11-23T06:00:00Z"));
    }
}
