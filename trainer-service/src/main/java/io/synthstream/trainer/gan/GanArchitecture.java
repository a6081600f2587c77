package io.synthstream.trainer.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.synthstream.contracts.events.TrainingJobRequested;

/**
 * A conditional GAN design: its two networks and how the label is joined to their inputs (export's
 * {@code GeneratorOnnx} writes each design's generator as ONNX). Labels arrive one-hot encoded, [N, classes].
 */
public interface GanArchitecture {
    String name();

    /** @throws IllegalArgumentException when this design cannot make images of this shape (checked before any work starts) */
    default void requireSupported(GanShape shape) {
    }

    Block newGenerator(GanShape shape);

    Block newDiscriminator(GanShape shape);

    Shape generatorInputShape(GanShape shape, int batch);

    Shape discriminatorInputShape(GanShape shape, int batch);

    /** z [N, latent] and one-hot labels → the generator block's input. */
    NDArray generatorInput(NDArray z, NDArray oneHot);

    /** images [N, pixels] in [-1, 1] (the generator's raw output shape) and one-hot labels → the discriminator's input. */
    NDArray discriminatorInput(NDArray images, NDArray oneHot, GanShape shape);

    static GanArchitecture named(String name) {
        if (TrainingJobRequested.ARCH_CONDITIONAL_MLP.equals(name)) return new ConditionalMlp();
        if (TrainingJobRequested.ARCH_CONDITIONAL_DCGAN.equals(name)) return new ConditionalDcgan();
        throw new IllegalArgumentException("unknown architecture '" + name + "', expected one of " + TrainingJobRequested.ARCHITECTURES);
    }

    /** G: [z ‖ onehot] → 256 → 512 → pixels, LeakyReLU(0.2), tanh. D: [x ‖ onehot] → 512 → 256 → 1 logit. */
    final class ConditionalMlp implements GanArchitecture {
        public static final int[] GENERATOR_UNITS = {256, 512};
        public static final int[] DISCRIMINATOR_UNITS = {512, 256};
        public static final float LEAK = 0.2f;

        @Override
        public String name() {
            return TrainingJobRequested.ARCH_CONDITIONAL_MLP;
        }

        @Override
        public Block newGenerator(GanShape shape) {
            var b = new ai.djl.nn.SequentialBlock();
            for (int units : GENERATOR_UNITS) {
                b.add(ai.djl.nn.core.Linear.builder().setUnits(units).build());
                b.add(list -> ai.djl.nn.Activation.leakyRelu(list, LEAK));
            }
            b.add(ai.djl.nn.core.Linear.builder().setUnits(shape.pixels()).build());
            b.add(ai.djl.nn.Activation::tanh);
            return b;
        }

        @Override
        public Block newDiscriminator(GanShape shape) {
            var b = new ai.djl.nn.SequentialBlock();
            for (int units : DISCRIMINATOR_UNITS) {
                b.add(ai.djl.nn.core.Linear.builder().setUnits(units).build());
                b.add(list -> ai.djl.nn.Activation.leakyRelu(list, LEAK));
            }
            b.add(ai.djl.nn.core.Linear.builder().setUnits(1).build());
            return b;
        }

        @Override
        public Shape generatorInputShape(GanShape shape, int batch) {
            return new Shape(batch, shape.latentSize() + shape.numClasses());
        }

        @Override
        public Shape discriminatorInputShape(GanShape shape, int batch) {
            return new Shape(batch, shape.pixels() + shape.numClasses());
        }

        @Override
        public NDArray generatorInput(NDArray z, NDArray oneHot) {
            return z.concat(oneHot, 1);
        }

        @Override
        public NDArray discriminatorInput(NDArray images, NDArray oneHot, GanShape shape) {
            return images.concat(oneHot, 1);
        }
    }
}
