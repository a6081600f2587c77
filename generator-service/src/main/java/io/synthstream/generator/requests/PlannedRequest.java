package io.synthstream.generator.requests;

import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.generator.models.LoadedGenerator;

/**
 * A valid request bound to the generator version that will answer it (a reference is held until
 * {@link #release()}), with every sample's label and the seed its latents come from.
 */
public record PlannedRequest(GenerationRequested request, LoadedGenerator generator, int[] labels, long seed, String topic, int partition,
                             long producedAtMillis) {
    public int count() {
        return labels.length;
    }

    public void release() {
        generator.release();
    }
}
