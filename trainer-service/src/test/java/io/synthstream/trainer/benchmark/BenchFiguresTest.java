package io.synthstream.trainer.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
