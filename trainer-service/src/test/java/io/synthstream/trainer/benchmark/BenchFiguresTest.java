package io.synthstream.trainer.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchFiguresTest {
    static final java.util.Set<String> SCOPE = java.util.Set.of("subsets");

    @TempDir
    Path tmp;

    @Test
    void aFigureIsWrittenAsSoonAsItExistsAndNotMeasuredAgainAfterARestart() throws Exception {
        Path file = tmp.resolve("out/augmentation.json");
        var settings = EventJson.MAPPER.createObjectNode().put("steps", 10);
        AtomicInteger measured = new AtomicInteger();
        BenchFigures first = BenchFigures.open(file, settings, SCOPE);
        first.figure("mnist/n100/s0/real", () -> {
            measured.incrementAndGet();
            return first.newNode().put("test", 0.75);
        });
        assertTrue(EventJson.MAPPER.readTree(file.toFile()).get("figures").has("mnist/n100/s0/real"), "on disk before the run ends");

        BenchFigures resumed = BenchFigures.open(file, settings, SCOPE);
        var again = resumed.figure("mnist/n100/s0/real", () -> {
            measured.incrementAndGet();
            return resumed.newNode().put("test", 0.5);
        });
        assertEquals(1, measured.get());
        assertEquals(0.75, again.get("test").asDouble());
    }

    @Test
    void figuresOfOtherSettingsAreNotMixedIn() throws Exception {
        Path file = tmp.resolve("augmentation.json");
        BenchFigures.open(file, EventJson.MAPPER.createObjectNode().put("steps", 10).put("subsets", 1), SCOPE);
        var e = assertThrows(IllegalArgumentException.class,
                () -> BenchFigures.open(file, EventJson.MAPPER.createObjectNode().put("steps", 20).put("subsets", 1), SCOPE));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
        // more subsets of the same recipe extend the run
        BenchFigures.open(file, EventJson.MAPPER.createObjectNode().put("steps", 10).put("subsets", 3), SCOPE);
    }

    @Test
    void aFullRunsSettingsReadAsThoseOfRunsMeasuredBeforeTheScoredImagesLimitExisted() throws Exception {
        var full = settings(0);
        var written = EventJson.MAPPER.valueToTree(full);
        assertFalse(written.has("scoredImages"), "a full run writes no limit: " + written);
        var earlier = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.MAPPER.valueToTree(full);
        Path file = tmp.resolve("earlier.json");
        BenchFigures.open(file, earlier, AugmentationBench.SCOPE);
        BenchFigures.open(file, EventJson.MAPPER.valueToTree(full), AugmentationBench.SCOPE);
        // a tiny run scores on fewer images: its figures are not those of a full run
        assertEquals(500, EventJson.MAPPER.valueToTree(settings(500)).get("scoredImages").asInt());
        assertThrows(IllegalArgumentException.class, () -> BenchFigures.open(file, EventJson.MAPPER.valueToTree(settings(500)), AugmentationBench.SCOPE));
    }

    private static AugmentationBench.Settings settings(int scoredImages) {
        return new AugmentationBench.Settings(java.util.List.of("mnist"), java.util.List.of("cas"), java.util.List.of(600), 3, "conditional-mlp", "bce",
                false, "bce", false, 100, 100, 100, 10, 10, java.util.List.of(30), java.util.List.of(1.0), 20, 0.05, 0.2, 0.95,
                java.util.List.of(0.5), java.util.List.of(0.0), java.util.List.of(1.0), scoredImages, null);
    }
}
