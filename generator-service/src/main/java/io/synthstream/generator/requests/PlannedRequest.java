package io.synthstream.generator.requests;

import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelLease;
import io.synthstream.generator.samples.AnsweredRequest;

/**
 * A valid request bound to the generator version that will answer it (leased until {@link #close()}), with every
 * sample's label and the seed its latents come from.
 *
 * @param samplesPerRecord the most samples one of its records may hold on its topic (the batcher's own limit applies too)
 */
public record PlannedRequest(GenerationRequested request, ModelLease lease, int[] labels, long seed, String topic, int partition,
                             long producedAtMillis, int samplesPerRecord) implements AnsweredRequest, AutoCloseable {
    public PlannedRequest {
        if (samplesPerRecord < 1) throw new IllegalArgumentException("a record holds at least one sample, got " + samplesPerRecord);
    }

    /** A request whose records only the batcher's limit cuts (in-process benches and tests). */
    public PlannedRequest(GenerationRequested request, ModelLease lease, int[] labels, long seed, String topic, int partition,
                          long producedAtMillis) {
        this(request, lease, labels, seed, topic, partition, producedAtMillis, Integer.MAX_VALUE);
    }

    @Override
    public LoadedGenerator generator() {
        return lease.generator();
    }

    public int count() {
        return labels.length;
    }

    /** Its batch is done: the version may close if it was swapped out meanwhile. */
    @Override
    public void close() {
        lease.close();
    }
}
