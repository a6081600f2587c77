package io.synthstream.onnx;

/**
 * What a generator graph computed for n samples: the shape of its values output as the runtime reports it
 * ([n, …sample shape]), and the float values and / or the uint8 grey levels, row-major (null where not asked for).
 */
public record GeneratorOutput(long[] shape, float[] values, byte[] greyLevels) {
}
