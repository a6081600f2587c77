package io.synthstream.generator.exactlyonce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The search for a request that fails, as the loop drives it (without Kafka: one partition, all of it polled at once). */
class FailingRequestsTest {
    private static final TopicPartition TP = new TopicPartition("requests", 0);

    /** What the loop did: the size of each transaction it tried, and the offsets it dead-lettered. */
    private record Run(List<Integer> attempts, List<Long> deadLettered, int answered) {
    }

    /** Drives the policy over {@code n} requests the way TransactionalRequestLoop does; {@code fails} says whether a batch's answering throws. */
    private static Run run(int n, Predicate<List<ConsumerRecord<String, byte[]>>> fails) {
        var failing = new FailingRequests();
        List<Integer> attempts = new ArrayList<>();
        List<Long> deadLettered = new ArrayList<>();
        int answered = 0;
        long position = 0;
        while (position < n && attempts.size() < 10_000) {
            List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>();
            for (long o = position; o < n; o++) polled.add(new ConsumerRecord<>(TP.topic(), TP.partition(), o, "r" + o, new byte[0]));
            var batch = new ConsumerRecords<>(Map.of(TP, polled), Map.of());
            if (failing.firstIsolated(batch) != null) {
                int limit = Math.min(failing.limit(TP), polled.size());
                batch = new ConsumerRecords<>(Map.of(TP, polled.subList(0, limit)), Map.of());
            }
            List<ConsumerRecord<String, byte[]>> records = batch.records(TP);
            attempts.add(records.size());
            if (!fails.test(records)) {
                failing.committed(batch);
                answered += records.size();
                position += records.size();
            } else if (records.size() > 1) {
                failing.batchFailed(batch);
            } else if (failing.failedAlone(records.get(0))) {
                deadLettered.add(records.get(0).offset());
                failing.committed(batch); // the dead letter commits its offset
                position++;
            }
        }
        return new Run(attempts, deadLettered, answered);
    }

    private static Predicate<List<ConsumerRecord<String, byte[]>>> containsOffset(long poison) {
        return records -> records.stream().anyMatch(r -> r.offset() == poison);
    }

    @Test
    void aRequestThatFailsIsFoundByHalvingAndTheRestAnsweredInGrowingTransactions() {
        Run run = run(400, containsOffset(300));
        assertEquals(List.of(300L), run.deadLettered());
        assertEquals(399, run.answered());
        assertEquals(List.of(400, 200, 200, 100, 100, 50, 25, 12, 6, 3, 1, 1, 1, 2, 4, 8, 16, 32, 37), run.attempts(),
                "halved after each failure, doubled after each success; one per request would be 300 + 3 + 99 attempts");
    }

    @Test
    void theFirstAndTheLastRequestAreFoundToo() {
        for (long poison : List.of(0L, 499L)) {
            Run run = run(500, containsOffset(poison));
            assertEquals(List.of(poison), run.deadLettered());
            assertEquals(499, run.answered());
            assertTrue(run.attempts().size() <= 2 * 9 + FailingRequests.ATTEMPTS + 2, poison + ": " + run.attempts());
        }
    }

    @Test
    void twoRequestsThatFailAreBothDeadLettered() {
        Run run = run(300, records -> records.stream().anyMatch(r -> r.offset() == 17 || r.offset() == 18));
        assertEquals(List.of(17L, 18L), run.deadLettered());
        assertEquals(298, run.answered());
        assertTrue(run.attempts().size() < 40, run.attempts().toString());
    }

    @Test
    void batchesThatFailOnlyAboveSomeSizeAreAnsweredInFarFewerTransactionsThanRequestsAndNothingIsDeadLettered() {
        // e.g. a transaction too large for something: it alternates between ~62 (works) and ~124 (fails), 36 attempts
        Run run = run(1000, records -> records.size() > 64);
        assertTrue(run.deadLettered().isEmpty(), run.deadLettered().toString());
        assertEquals(1000, run.answered());
        assertTrue(run.attempts().size() < 60, "not one per request: " + run.attempts());
        assertFalse(run.attempts().stream().skip(3).anyMatch(n -> n < 16), "no tiny transactions once settled: " + run.attempts());
    }

    @Test
    void aBatchThatFailsOnceAndThenWorksIsAnsweredInTwoHalves() {
        int[] calls = {0};
        Run run = run(100, records -> calls[0]++ == 0); // a passing error, not a request
        assertEquals(List.of(100, 50, 50), run.attempts());
        assertTrue(run.deadLettered().isEmpty());
    }
}
