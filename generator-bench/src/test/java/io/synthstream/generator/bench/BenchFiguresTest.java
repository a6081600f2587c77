package io.synthstream.generator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the bench's and the soak's printed figures. */
class BenchFiguresTest {
    @Test
    void slopeOfAMemoryTrend() {
        assertEquals(2.0, SwapSoak.slope(List.of(100.0, 200.0, 300.0), List.of(1000.0, 1200.0, 1400.0)), 1e-9);
        assertEquals(0.0, SwapSoak.slope(List.of(100.0, 200.0, 300.0), List.of(500.0, 400.0, 500.0)), 1e-9);
        assertEquals(0.0, SwapSoak.slope(List.of(100.0), List.of(500.0)), 0.0, "one point has no trend");
    }

    @Test
    void cpuPerSampleAndTheBoundItSets() {
        Map<String, Long> before = new LinkedHashMap<>(), after = new LinkedHashMap<>();
        before.put("broker", 1_000_000_000L);
        after.put("broker", 1_500_000_000L); // 0.5 s of CPU
        before.put("generator-1", 0L);
        after.put("generator-1", 1_000_000_000L); // 1 s
        before.put("unknown", -1L);
        after.put("unknown", 5L); // a process whose CPU time the system does not give: left out
        String line = ProcessCpu.report(before, after, 1_000_000_000L, 100_000); // 1 s, 100 000 samples
        assertTrue(line.contains("broker 0.50 cores 5.0 µs"), line);
        assertTrue(line.contains("generator-1 1.00 cores 10.0 µs"), line);
        assertTrue(line.contains("all 1.50 of " + Runtime.getRuntime().availableProcessors() + " cores, 15.0 µs of CPU per sample"), line);
        assertFalse(line.contains("unknown"), line);
        long bound = Runtime.getRuntime().availableProcessors() * 1_000_000L / 15;
        assertTrue(line.replace(",", "").contains("at most ~" + bound + " samples/s"), line);
    }

    @Test
    void processesAreNamedWithTheirPid() {
        assertThrows(IllegalArgumentException.class, () -> new ProcessCpu(List.of("broker")));
        var cpu = new ProcessCpu(List.of("self=" + ProcessHandle.current().pid()));
        assertEquals(List.of("self", "bench (load, reader)"), List.copyOf(cpu.snapshot().keySet()));
    }

    @Test
    void inProcessFiguresTravelFromOneRunToTheNext() {
        var f = new InProcessFigures(17_250.4, 190_000, 241_368.6, 150_001, 199_999.5);
        var back = InProcessFigures.parse(f.line());
        assertEquals("17250,190000,241369,150001,200000", f.line());
        assertEquals(241_369, back.batch256(), 0.0);
        assertEquals(200_000, back.answerFloat32(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> InProcessFigures.parse("1,2,3,4"), "five figures");
        assertThrows(IllegalArgumentException.class, () -> InProcessFigures.parse("1,2,x,4,5"));
        assertThrows(IllegalArgumentException.class, () -> InProcessFigures.parse("1,2,0,4,5"), "a ceiling of 0 would divide by it");
    }
}
