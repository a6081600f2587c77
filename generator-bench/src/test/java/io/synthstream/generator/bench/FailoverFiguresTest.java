package io.synthstream.generator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What bench-failover reports from its requests' send and answer times (ms written as ns here). */
class FailoverFiguresTest {
    private static final long MS = 1_000_000L;

    @Test
    void requestsFromASecondBeforeTheDisruptionOnAreTheAffectedOnesAndTheUnansweredAreLostUnlessRefused() {
        Map<String, FailoverBench.Timing> t = new LinkedHashMap<>();
        t.put("early-1", new FailoverBench.Timing(0, 20 * MS)); // baseline: 20 ms
        t.put("early-2", new FailoverBench.Timing(100 * MS, 140 * MS)); // baseline: 40 ms
        t.put("in-flight", new FailoverBench.Timing(4_500 * MS, 11_500 * MS)); // sent 0.5 s before the kill at 5 s: 7 s
        t.put("after", new FailoverBench.Timing(6_000 * MS, 9_000 * MS)); // 3 s
        t.put("refused", new FailoverBench.Timing(6_100 * MS, null));
        t.put("lost", new FailoverBench.Timing(6_200 * MS, null));
        var f = FailoverBench.Figures.of("kill-9", 100, t, 5_000 * MS, 5_010 * MS, 1, 0);
        assertEquals(6, f.sent());
        assertEquals(4, f.answered());
        assertEquals(1, f.lost(), "one unanswered, the other refused (a dead letter is an answer)");
        assertEquals(2, f.affected());
        assertEquals(7_000, f.affectedMaxMs(), 7_000 * 0.001);
        assertEquals(6_500, f.lastAffectedAnswerAfterMs(), 1e-9, "the last affected answer came 6.5 s after the kill");
        assertEquals(40, f.baselineP99Ms(), 40 * 0.001);
        assertEquals(10, f.disruptionMs(), 1e-9);
    }
}
