package io.synthstream.generator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.synthstream.generator.requests.PlannedRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A transaction's answers count once it commits; an aborted one's not at all (its requests are answered again). */
class GeneratorMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GeneratorMetrics metrics = new GeneratorMetrics(registry);

    private double requests(String outcome) {
        return registry.get("synthstream.generator.requests").tag("outcome", outcome).counter().count();
    }

    private static PlannedRequest request(int samples, long producedAtMillis) {
        return new PlannedRequest(null, null, new int[samples], 0, "t", 0, producedAtMillis); // only its count and timestamp count
    }

    @Test
    void anAbortedTransactionCountsNothingAndItsRetryCountsOnce() {
        var counts = new GeneratorMetrics.TransactionCounts();
        PlannedRequest a = request(64, System.currentTimeMillis() - 40);
        PlannedRequest b = request(10, System.currentTimeMillis() - 40);

        counts.answered(a);
        counts.deadLettered();
        counts.clear(); // aborted
        assertEquals(0, requests("answered"));

        counts.answered(a);
        counts.answered(b);
        counts.deadLettered();
        metrics.committed(counts, System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(5));
        assertEquals(2, requests("answered"));
        assertEquals(1, requests("dead-lettered"));
        assertEquals(74, registry.get("synthstream.generator.samples").counter().count());
        var latency = registry.get("synthstream.generator.request.latency").timer();
        assertEquals(2, latency.count());
        assertEquals(40, latency.max(TimeUnit.MILLISECONDS), 1_000, "from the request's timestamp to the commit");
        assertEquals(1, registry.get("synthstream.generator.transaction").timer().count());

        metrics.committed(counts, System.nanoTime()); // committing again adds nothing: the counts were taken
        assertEquals(2, requests("answered"));
        assertEquals(1, requests("dead-lettered"));
    }
}
