package io.synthstream.onnx;

/**
 * One inference call of a conditional generator graph: latents {@code z} (n × latent, row-major) and n class labels,
 * and which outputs to copy out of the runtime (only those are copied: a generator serving uint8 needs no floats).
 */
public record GeneratorInput(float[] z, int[] labels, boolean copyValues, boolean copyGreyLevels) {
    /** The float values only. */
    public static GeneratorInput values(float[] z, int[] labels) {
        return new GeneratorInput(z, labels, true, false);
    }
}
