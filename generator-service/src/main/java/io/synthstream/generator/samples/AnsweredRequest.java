package io.synthstream.generator.samples;

import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.LoadedGenerator;

/**
 * What a sample record says of the request it answers: its id and format, the version that computed it, every
 * sample's label and the seed of its latents, and where the answer goes. The planner's
 * {@code requests.PlannedRequest} is one; it is declared here so that samples/ imports nothing from requests/,
 * which sizes its records with {@link RecordSizes}.
 */
public interface AnsweredRequest {
    GenerationRequested request();

    LoadedGenerator generator();

    int[] labels();

    long seed();

    String topic();

    int partition();

    /** The format its records are in: what it asks for, or the version's own when it names none. */
    default SampleFormat format() {
        return generator().format(request());
    }
}
