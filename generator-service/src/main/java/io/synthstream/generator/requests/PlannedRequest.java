package io.synthstream.generator.requests;

import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.samples.AnsweredRequest;

/**
 * A valid request bound to the generator version that will answer it (a reference is held until
 * {@link #release()}), with every sample's label and the seed its latents come from.
 *
 * @param samplesPerRecord the most samples one of its records may hold on its topic (the batcher's own limit applies too)
 */
public record PlannedRequest(GenerationRequested request, LoadedGenerator generator, int[] labels, long seed, String topic, int partition,
                             long producedAtMillis, int samplesPerRecord) implements AnsweredRequest {
    public PlannedRequest {
        if (samplesPerRecord < 1) throw new IllegalArgumentException("a record holds at least one sample, got " + samplesPerRecord);
    }

    /** A request whose records only the batcher's limit cuts (in-process benches and tests). */
    public PlannedRequest(GenerationRequested request, LoadedGenerator generator, int[] labels, long seed, String topic, int partition,
                          long producedAtMillis) {
        this(request, generator, labels, seed, topic, partition, producedAtMillis, Integer.MAX_VALUE);
    }

    public int count() {
        return labels.length;
    }

    public void release() {
        generator.release();
    }
}
