package io.synthstream.generator.samples;

/**
 * Samples [from, to) of a request, computed: what one sample record holds. {@code values} holds (to-from) × sampleSize
 * floats, {@code greyLevels} as many uint8 grey levels; either may be null where the format does not need it. The
 * batcher's {@code requests.DynamicBatcher.Slice} is one (declared here for the reason {@link AnsweredRequest} is).
 */
public interface SampleSlice {
    AnsweredRequest request();

    /** This slice's place among the request's {@link #sliceCount()} records. */
    int index();

    int sliceCount();

    int from();

    int to();

    float[] values();

    byte[] greyLevels();

    default boolean last() {
        return index() == sliceCount() - 1;
    }
}
