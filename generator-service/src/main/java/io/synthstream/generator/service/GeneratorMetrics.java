package io.synthstream.generator.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.synthstream.generator.requests.PlannedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The generator's Prometheus metrics (see docs/operations notes in the README). */
@ApplicationScoped
public class GeneratorMetrics {
    private final Counter samples;
    private final Counter answered;
    private final Counter deadLettered;
    private final Counter swaps;
    private final Counter refused;
    private final Timer latency;
    private final DistributionSummary batchSizes;
    private final Timer transactions;
    private final MeterRegistry registry;
    /** Per model, the version answering its unpinned requests here (a gauge each). */
    private final Map<String, AtomicLong> liveVersions = new ConcurrentHashMap<>();

    public GeneratorMetrics(MeterRegistry registry) {
        this.registry = registry;
        samples = registry.counter("synthstream.generator.samples");
        answered = registry.counter("synthstream.generator.requests", "outcome", "answered");
        deadLettered = registry.counter("synthstream.generator.requests", "outcome", "dead-lettered");
        swaps = registry.counter("synthstream.generator.model.swaps");
        refused = registry.counter("synthstream.generator.artifacts.refused");
        latency = Timer.builder("synthstream.generator.request.latency")
                .description("request record timestamp to the commit of the transaction that answered it (readable then)")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).register(registry);
        batchSizes = DistributionSummary.builder("synthstream.generator.inference.batch.size")
                .publishPercentileHistogram().register(registry);
        transactions = Timer.builder("synthstream.generator.transaction")
                .description("a batch of requests from the end of its wait for more (max-wait) to its transaction's commit")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /**
     * What one transaction answered, counted when it commits ({@link #committed}): an aborted transaction's
     * requests are answered again and would otherwise count twice. Used by the request loop's thread only.
     */
    public static final class TransactionCounts {
        private final List<Long> producedAtMillis = new ArrayList<>();
        private long samples;
        private int deadLettered;

        public void answered(PlannedRequest r) {
            producedAtMillis.add(r.producedAtMillis());
            samples += r.count();
        }

        public void deadLettered() {
            deadLettered++;
        }

        /** The transaction aborted: nothing of it counts. */
        public void clear() {
            producedAtMillis.clear();
            samples = 0;
            deadLettered = 0;
        }
    }

    /** A transaction begun at {@code startNanos} committed what {@code counts} holds: its answers are readable now. */
    public void committed(TransactionCounts counts, long startNanos) {
        long now = System.currentTimeMillis();
        for (long producedAt : counts.producedAtMillis) latency.record(Math.max(0, now - producedAt), TimeUnit.MILLISECONDS);
        answered.increment(counts.producedAtMillis.size());
        samples.increment(counts.samples);
        deadLettered.increment(counts.deadLettered);
        transactions.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        counts.clear();
    }

    /** The model's live version changed here (first load, publication, rollout change, retirement). */
    public void swapped(String model, long liveVersion) {
        swaps.increment();
        liveVersions.computeIfAbsent(model, m -> registry.gauge("synthstream.generator.live.version", Tags.of("model", m), new AtomicLong()))
                .set(liveVersion);
    }

    public void refused() {
        refused.increment();
    }

    public void batch(int size) {
        batchSizes.record(size);
    }
}
