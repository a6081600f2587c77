package io.synthstream.generator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benches' open-loop load: paced on the clock, each request with its own id, the event just before its request. */
class SteadyLoadTest {
    @Test
    void requestsAreSentAtTheRateWithTheEventBeforeItsRequest() {
        List<String> sentIds = new ArrayList<>();
        List<Integer> eventAfter = new ArrayList<>();
        var load = new SteadyLoad(100, 1);
        long start = System.nanoTime();
        var sent = load.run("p-", sentIds::add, 40, () -> eventAfter.add(sentIds.size()));
        assertEquals(100, load.requests());
        assertEquals(sentIds, List.copyOf(sent.keySet()), "every id handed to the sender, in order");
        assertTrue(sentIds.stream().allMatch(id -> id.startsWith("p-")), sentIds.get(0));
        assertEquals(100, sentIds.stream().distinct().count(), "a new id each");
        assertEquals(List.of(40), eventAfter, "once, before request 40");
        long last = sent.get(sentIds.get(99)).nanos() - start;
        assertTrue(last >= 990_000_000L, "paced: request 99 is due 990 ms after the start, sent after " + last / 1e6 + " ms");
    }
}
