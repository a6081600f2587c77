package io.synthstream.trainer.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.synthstream.contracts.events.TrainingJobRequested;

/**
 * A conditional DCGAN for images whose sides divide by 4.
 * G: [z ‖ onehot] → Linear → [128, H/4, W/4] → BN → ReLU → ConvT(64) → BN → ReLU → ConvT(C) → tanh
 * (the Linear on a one-hot is a learned label embedding). D: image ‖ one label plane per class →
 * Conv(64, k4, s2) → LeakyReLU → Conv(128, k4, s2) → BN → LeakyReLU → Linear(1) logit.
 * (C: the images' channels, 1 or 3.) The generator's block output stays flat, [N, C·H·W] channel-major, like the
 * MLP's, so training code is shared.
 */
public final class ConditionalDcgan implements GanArchitecture {
    public static final int BASE_CHANNELS = 128;
    public static final int MIDDLE_CHANNELS = 64;
    public static final int[] DISCRIMINATOR_CHANNELS = {64, 128};
    public static final float LEAK = 0.2f;

    @Override
    public String name() {
        return TrainingJobRequested.ARCH_CONDITIONAL_DCGAN;
    }

    /** @throws IllegalArgumentException when the images cannot be built by two ×2 upsamplings */
    @Override
    public void requireSupported(GanShape shape) {
        if (shape.height() % 4 != 0 || shape.width() % 4 != 0 || shape.height() < 8 || shape.width() < 8) {
            throw new IllegalArgumentException("the conditional DCGAN needs image sides that are multiples of 4 and at least 8, got "
                    + shape.height() + "x" + shape.width() + "; use conditional-mlp or declare another size");
        }
    }

    @Override
    public Block newGenerator(GanShape shape) {
        requireSupported(shape);
        long h = shape.height() / 4, w = shape.width() / 4;
        return new SequentialBlock()
                .add(Linear.builder().setUnits(BASE_CHANNELS * h * w).build())
                .add(x -> new ai.djl.ndarray.NDList(x.singletonOrThrow().reshape(-1, BASE_CHANNELS, h, w)))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(new PhaseShuffleUpsampling(MIDDLE_CHANNELS, false))
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(new PhaseShuffleUpsampling(shape.channels(), true))
                .add(Activation::tanh)
                .add(x -> new ai.djl.ndarray.NDList(x.singletonOrThrow().reshape(-1, shape.pixels())));
    }

    @Override
    public Block newDiscriminator(GanShape shape) {
        requireSupported(shape);
        return new SequentialBlock()
                .add(downsampling(DISCRIMINATOR_CHANNELS[0]))
                .add(x -> Activation.leakyRelu(x, LEAK))
                .add(downsampling(DISCRIMINATOR_CHANNELS[1]))
                .add(BatchNorm.builder().build())
                .add(x -> Activation.leakyRelu(x, LEAK))
                .add(x -> new ai.djl.ndarray.NDList(x.singletonOrThrow().reshape(x.singletonOrThrow().getShape().get(0), -1)))
                .add(Linear.builder().setUnits(1).build());
    }

    private static Conv2d downsampling(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                .setFilters(filters).build();
    }

    @Override
    public Shape generatorInputShape(GanShape shape, int batch) {
        return new Shape(batch, shape.latentSize() + shape.numClasses());
    }

    @Override
    public Shape discriminatorInputShape(GanShape shape, int batch) {
        return new Shape(batch, shape.channels() + shape.numClasses(), shape.height(), shape.width());
    }

    @Override
    public NDArray generatorInput(NDArray z, NDArray oneHot) {
        return z.concat(oneHot, 1);
    }

    @Override
    public NDArray discriminatorInput(NDArray images, NDArray oneHot, GanShape shape) {
        long n = images.getShape().get(0);
        NDArray planes = oneHot.reshape(n, shape.numClasses(), 1, 1).broadcast(n, shape.numClasses(), shape.height(), shape.width());
        return images.reshape(n, shape.channels(), shape.height(), shape.width()).concat(planes, 1);
    }
}
