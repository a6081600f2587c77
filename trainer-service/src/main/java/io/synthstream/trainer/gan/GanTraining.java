package io.synthstream.trainer.gan;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.data.LabelledImages;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * One conditional GAN being trained with DJL on the PyTorch engine: G and D, each with its own
 * Trainer and Adam (β1 0.5), BCE on logits or the hinge loss, optionally with differentiable
 * augmentation of everything D sees ({@link DiffAugment}). Every random draw of step s (batch indices, latents,
 * fake labels) comes from a generator seeded by (job seed, s), so a run resumed from a checkpoint
 * takes exactly the steps an uninterrupted run would. Versions are made from an exponential moving
 * average of the generator's weights (and batch-norm statistics), which gives steadier, better samples
 * than the last step's weights; it is checkpointed with the rest.
 */
public final class GanTraining implements AutoCloseable, ResumableTraining {
    public static final float ADAM_BETA1 = 0.5f;
    /** Weight of the running average per step; early steps use (1 + t) / (10 + t) so the average forgets the initial weights. */
    public static final float AVERAGE_DECAY = 0.999f;

    public record StepLosses(long step, float discriminatorLoss, float generatorLoss) {
    }

    private final GanArchitecture arch;
    private final GanShape shape;
    private final TrainingJobRequested job;
    private final LabelledImages data;
    private final NDManager manager;
    private final Model generator;
    private final Model discriminator;
    /** Same design as the generator; holds the moving average of its parameters. What is exported and evaluated. */
    private final Model averagedGenerator;
    private final Adam generatorAdam;
    private final Adam discriminatorAdam;
    private final Trainer generatorTrainer;
    private final Trainer discriminatorTrainer;
    private final Loss bce = Loss.sigmoidBinaryCrossEntropyLoss();
    private final boolean hinge;
    private final boolean diffAugment;
    private long step;

    public GanTraining(GanArchitecture arch, GanShape shape, TrainingJobRequested job, LabelledImages data) {
        this.arch = arch;
        this.shape = shape;
        this.job = job;
        this.data = data;
        this.hinge = TrainingJobRequested.LOSS_HINGE.equals(job.loss());
        this.diffAugment = Boolean.TRUE.equals(job.diffAugment());
        Engine engine = Engine.getEngine(DjlRuntime.PYTORCH);
        engine.setRandomSeed((int) (job.seed() ^ (job.seed() >>> 32)));
        Device device = TrainingDevice.get();
        this.manager = engine.newBaseManager(device);
        this.generator = Model.newInstance("generator", device, DjlRuntime.PYTORCH);
        this.discriminator = Model.newInstance("discriminator", device, DjlRuntime.PYTORCH);
        generator.setBlock(arch.newGenerator(shape));
        discriminator.setBlock(arch.newDiscriminator(shape));
        this.generatorAdam = adam(job.generatorLearningRate());
        this.discriminatorAdam = adam(job.discriminatorLearningRate());
        this.generatorTrainer = generator.newTrainer(new DefaultTrainingConfig(bce).optOptimizer(generatorAdam));
        this.discriminatorTrainer = discriminator.newTrainer(new DefaultTrainingConfig(bce).optOptimizer(discriminatorAdam));
        generatorTrainer.initialize(arch.generatorInputShape(shape, job.batchSize()));
        discriminatorTrainer.initialize(arch.discriminatorInputShape(shape, job.batchSize()));
        this.averagedGenerator = Model.newInstance("generator-average", device, DjlRuntime.PYTORCH);
        averagedGenerator.setBlock(arch.newGenerator(shape));
        averagedGenerator.getBlock().initialize(averagedGenerator.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                arch.generatorInputShape(shape, job.batchSize()));
        averagedGenerator.getBlock().freezeParameters(true);
        copyInto(generator.getBlock().getParameters(), averagedGenerator.getBlock().getParameters());
    }

    private static void copyInto(ai.djl.nn.ParameterList from, ai.djl.nn.ParameterList to) {
        ParameterValues.copy(from, to);
    }

    /** average ← d · average + (1 − d) · live, in place. */
    private void updateAverage(long t) {
        float d = Math.min(AVERAGE_DECAY, (1f + t) / (10f + t));
        var live = generator.getBlock().getParameters();
        var avg = averagedGenerator.getBlock().getParameters();
        for (int i = 0; i < live.size(); i++) {
            try (NDArray share = live.get(i).getValue().getArray().mul(1f - d)) {
                avg.get(i).getValue().getArray().muli(d).addi(share);
            }
        }
    }

    private static Adam adam(double lr) {
        return Adam.builder().optLearningRateTracker(Tracker.fixed((float) lr)).optBeta1(ADAM_BETA1).build();
    }

    public long step() {
        return step;
    }

    public GanArchitecture architecture() {
        return arch;
    }

    public GanShape shape() {
        return shape;
    }

    /** The averaged generator: the one versions are exported from. */
    public ai.djl.nn.Block generatorBlock() {
        return averagedGenerator.getBlock();
    }

    /** One D step then one G step; returns the losses of both. */
    public StepLosses trainStep() {
        long s = step + 1;
        SplittableRandom rnd = new SplittableRandom(job.seed() * 0x9E3779B97F4A7C15L + s);
        int b = job.batchSize();
        int[] idx = rnd.ints(b, 0, data.size()).toArray();
        int[] fakeLabels = rnd.ints(b, 0, shape.numClasses()).toArray();
        float[] z = gaussian(rnd, b * shape.latentSize());
        try (NDManager sm = manager.newSubManager()) {
            NDArray real = data.images(sm, idx);
            NDArray realOneHot = oneHot(sm, data.labels(idx));
            NDArray fakeOneHot = oneHot(sm, fakeLabels);
            NDArray gIn = arch.generatorInput(sm.create(z, new Shape(b, shape.latentSize())), fakeOneHot);
            NDArray ones = sm.ones(new Shape(b, 1));
            NDArray zeros = sm.zeros(new Shape(b, 1));

            // D step; the fake batch is made outside any collector and detached, so no G gradients build up.
            NDArray fake = generatorTrainer.forward(new NDList(gIn)).singletonOrThrow().stopGradient();
            NDArray dLoss;
            try (GradientCollector gc = discriminatorTrainer.newGradientCollector()) {
                NDArray realLogits = discriminatorTrainer.forward(new NDList(arch.discriminatorInput(seen(sm, real, rnd), realOneHot, shape)))
                        .singletonOrThrow();
                NDArray fakeLogits = discriminatorTrainer.forward(new NDList(arch.discriminatorInput(seen(sm, fake, rnd), fakeOneHot, shape)))
                        .singletonOrThrow();
                dLoss = hinge
                        ? Activation.relu(realLogits.neg().add(1f)).mean().add(Activation.relu(fakeLogits.add(1f)).mean())
                        : bce.evaluate(new NDList(ones), new NDList(realLogits)).add(bce.evaluate(new NDList(zeros), new NDList(fakeLogits)));
                gc.backward(dLoss);
            }
            discriminatorTrainer.step();

            // G step; D is frozen so its parameters collect no stale gradients for its next step (STACK.md).
            NDArray gLoss;
            discriminator.getBlock().freezeParameters(true, GanTraining::learned);
            try (GradientCollector gc = generatorTrainer.newGradientCollector()) {
                NDArray generated = generatorTrainer.forward(new NDList(gIn)).singletonOrThrow();
                NDArray logits = discriminatorTrainer.forward(new NDList(arch.discriminatorInput(seen(sm, generated, rnd), fakeOneHot, shape)))
                        .singletonOrThrow();
                gLoss = hinge ? logits.mean().neg() : bce.evaluate(new NDList(ones), new NDList(logits));
                gc.backward(gLoss);
            } finally {
                discriminator.getBlock().freezeParameters(false, GanTraining::learned);
            }
            generatorTrainer.step();
            updateAverage(s);
            step = s;
            return new StepLosses(s, dLoss.getFloat(), gLoss.getFloat());
        }
    }

    /** What D sees of a batch of images: the images, or with DiffAugment a differently augmented copy each time. */
    private NDArray seen(NDManager m, NDArray images, SplittableRandom rnd) {
        return diffAugment ? DiffAugment.apply(m, images, shape.channels(), shape.height(), shape.width(), rnd) : images;
    }

    /** Batch-norm running statistics are not learned: they must never be marked as needing gradients. */
    private static boolean learned(ai.djl.nn.Parameter p) {
        return p.getType() != ai.djl.nn.Parameter.Type.RUNNING_MEAN && p.getType() != ai.djl.nn.Parameter.Type.RUNNING_VAR;
    }

    /** The averaged generator's raw output [N, pixels] in inference mode, for the parity check. */
    public float[] generate(float[] z, int[] labels) {
        try (NDManager sm = manager.newSubManager()) {
            NDArray in = arch.generatorInput(sm.create(z, new Shape(labels.length, shape.latentSize())), oneHot(sm, labels));
            NDList out = averagedGenerator.getBlock().forward(new ParameterStore(sm, false), new NDList(in), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }

    private NDArray oneHot(NDManager m, int[] labels) {
        return m.create(labels).oneHot(shape.numClasses());
    }

    public static float[] gaussian(SplittableRandom rnd, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) rnd.nextGaussian();
        return out;
    }

    private static final String AVERAGE_FILE = "generator-average.params";

    /** Writes G, its average, D and both optimisers' state into {@code dir} (which must exist and be empty). */
    public void save(Path dir) throws IOException {
        try (DataOutputStream out = output(dir.resolve("generator.params"))) {
            ParameterValues.save(generator.getBlock().getParameters(), out);
        }
        try (DataOutputStream out = output(dir.resolve("discriminator.params"))) {
            ParameterValues.save(discriminator.getBlock().getParameters(), out);
        }
        try (DataOutputStream out = output(dir.resolve(AVERAGE_FILE))) {
            ParameterValues.save(averagedGenerator.getBlock().getParameters(), out);
        }
        try (DataOutputStream out = output(dir.resolve("generator.adam"))) {
            AdamCheckpoint.save(generatorAdam, generator.getBlock().getParameters(), out);
        }
        try (DataOutputStream out = output(dir.resolve("discriminator.adam"))) {
            AdamCheckpoint.save(discriminatorAdam, discriminator.getBlock().getParameters(), out);
        }
    }

    /** Loads what {@link #save} wrote and continues after {@code atStep}. */
    public void restore(Path dir, long atStep) throws IOException {
        try (DataInputStream in = input(dir.resolve("generator.params"))) {
            ParameterValues.restore(generator.getBlock().getParameters(), manager, in);
        }
        try (DataInputStream in = input(dir.resolve("discriminator.params"))) {
            ParameterValues.restore(discriminator.getBlock().getParameters(), manager, in);
        }
        if (Files.exists(dir.resolve(AVERAGE_FILE))) {
            try (DataInputStream in = input(dir.resolve(AVERAGE_FILE))) {
                ParameterValues.restore(averagedGenerator.getBlock().getParameters(), manager, in);
            }
        } else { // a checkpoint from before averaging: start the average at the restored weights
            copyInto(generator.getBlock().getParameters(), averagedGenerator.getBlock().getParameters());
        }
        try (DataInputStream in = input(dir.resolve("generator.adam"))) {
            AdamCheckpoint.restore(generatorAdam, generator.getBlock().getParameters(), generator.getNDManager(), in);
        }
        try (DataInputStream in = input(dir.resolve("discriminator.adam"))) {
            AdamCheckpoint.restore(discriminatorAdam, discriminator.getBlock().getParameters(), discriminator.getNDManager(), in);
        }
        this.step = atStep;
    }

    private static DataOutputStream output(Path p) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p)));
    }

    private static DataInputStream input(Path p) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(p)));
    }

    @Override
    public void close() {
        generatorTrainer.close();
        discriminatorTrainer.close();
        generator.close();
        averagedGenerator.close();
        discriminator.close();
        manager.close();
    }
}
