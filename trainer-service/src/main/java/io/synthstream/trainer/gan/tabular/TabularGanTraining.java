package io.synthstream.trainer.gan.tabular;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.synthstream.contracts.rows.ClassCountRows;
import io.synthstream.trainer.data.tabular.RowTransform;
import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.gan.ResumableTraining;
import io.synthstream.trainer.gan.TrainingDevice;
import io.synthstream.trainer.gan.TrainingStateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A conditional tabular GAN in the spirit of CTGAN, trained with DJL: rows encoded by a {@link RowTransform}, the
 * condition is the row's class (one-hot), steps draw classes by training-by-sampling ({@link ConditionSampler}),
 * G is {@link TabularGenerator} with {@link SpanActivations}, D judges PacGAN packs ({@link PackedDiscriminator}).
 * The patterns of {@link GanTraining}: two Trainers with Adam (β1 0.5), D frozen during the G step, every random
 * draw of step s from a source seeded by (seed, s), an exponential moving average of G that generation uses, and
 * checkpoints that resume exactly.
 */
public final class TabularGanTraining implements AutoCloseable, ResumableTraining {
    private final TabularGanSettings settings;
    private final RowTransform transform;
    private final int classes;
    private final float[][] encoded;
    private final ConditionSampler sampler;
    private final SpanActivations activations;
    private final NDManager manager;
    private final Model generator;
    private final Model discriminator;
    private final Model averagedGenerator;
    private final Adam generatorAdam;
    private final Adam discriminatorAdam;
    private final Trainer generatorTrainer;
    private final Trainer discriminatorTrainer;
    private final Loss bce = Loss.sigmoidBinaryCrossEntropyLoss();
    private long step;

    public TabularGanTraining(TabularDataset data, RowTransform transform, TabularGanSettings settings) {
        this.settings = settings;
        this.transform = transform;
        this.classes = data.schema().classes().size();
        this.encoded = new float[data.rowCount()][];
        for (int r = 0; r < encoded.length; r++) encoded[r] = transform.encode(data.row(r));
        this.sampler = new ConditionSampler(data.labels(), classes, settings.conditionSampling());
        this.activations = new SpanActivations(transform.spans(), transform.width(), settings.gumbelTemperature());
        Engine engine = Engine.getEngine(DjlRuntime.PYTORCH);
        engine.setRandomSeed((int) (settings.seed() ^ (settings.seed() >>> 32))); // the initial weights
        Device device = TrainingDevice.get();
        this.manager = engine.newBaseManager(device);
        this.generator = Model.newInstance("tabular-generator", device, DjlRuntime.PYTORCH);
        this.discriminator = Model.newInstance("tabular-discriminator", device, DjlRuntime.PYTORCH);
        this.averagedGenerator = Model.newInstance("tabular-generator-average", device, DjlRuntime.PYTORCH);
        generator.setBlock(TabularGenerator.newBlock(settings.generatorWidths(), transform.width()));
        discriminator.setBlock(new PackedDiscriminator(settings.discriminatorWidths()));
        averagedGenerator.setBlock(TabularGenerator.newBlock(settings.generatorWidths(), transform.width()));
        this.generatorAdam = adam(settings.generatorLearningRate());
        this.discriminatorAdam = adam(settings.discriminatorLearningRate());
        this.generatorTrainer = generator.newTrainer(new DefaultTrainingConfig(bce).optOptimizer(generatorAdam));
        this.discriminatorTrainer = discriminator.newTrainer(new DefaultTrainingConfig(bce).optOptimizer(discriminatorAdam));
        Shape generatorInput = new Shape(settings.batchSize(), settings.latentSize() + classes);
        generatorTrainer.initialize(generatorInput);
        discriminatorTrainer.initialize(new Shape(settings.batchSize() / settings.pac(), settings.pac() * (transform.width() + classes)));
        averagedGenerator.getBlock().initialize(averagedGenerator.getNDManager(), DataType.FLOAT32, generatorInput);
        averagedGenerator.getBlock().freezeParameters(true);
        copyInto(generator.getBlock().getParameters(), averagedGenerator.getBlock().getParameters());
    }

    private static Adam adam(double lr) {
        return Adam.builder().optLearningRateTracker(Tracker.fixed((float) lr)).optBeta1(GanTraining.ADAM_BETA1).build();
    }

    public long step() {
        return step;
    }

    public RowTransform transform() {
        return transform;
    }

    /** The probability with which a step conditions a row on each class. */
    public double[] conditionProbabilities() {
        return sampler.probabilities();
    }

    /** One D step then one G step. */
    public GanTraining.StepLosses trainStep() {
        long s = step + 1;
        SplittableRandom rnd = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + s);
        int b = settings.batchSize();
        int w = transform.width();
        int[] cls = new int[b];
        float[] real = new float[b * w];
        for (int i = 0; i < b; i++) {
            cls[i] = sampler.drawClass(rnd);
            System.arraycopy(encoded[sampler.drawRow(cls[i], rnd)], 0, real, i * w, w);
        }
        float[] z = GanTraining.gaussian(rnd, b * settings.latentSize());
        try (NDManager sm = manager.newSubManager()) {
            NDArray condition = sm.create(cls).oneHot(classes);
            NDArray gIn = sm.create(z, new Shape(b, settings.latentSize())).concat(condition, 1);
            NDArray realRows = sm.create(real, new Shape(b, w));

            // D step; the fake batch is made outside any collector and detached (STACK.md).
            NDArray fake = activations.apply(sm, generatorTrainer.forward(new NDList(gIn)).singletonOrThrow(), rnd).stopGradient();
            NDArray dLoss;
            try (GradientCollector gc = discriminatorTrainer.newGradientCollector()) {
                NDArray realLogits = judge(sm, realRows, condition, rnd);
                NDArray fakeLogits = judge(sm, fake, condition, rnd);
                dLoss = settings.loss() == TabularGanSettings.Loss.HINGE
                        ? Activation.relu(realLogits.neg().add(1f)).mean().add(Activation.relu(fakeLogits.add(1f)).mean())
                        : bce.evaluate(new NDList(sm.ones(realLogits.getShape())), new NDList(realLogits))
                                .add(bce.evaluate(new NDList(sm.zeros(fakeLogits.getShape())), new NDList(fakeLogits)));
                gc.backward(dLoss);
            }
            discriminatorTrainer.step();

            // G step; D frozen, or its next step would see these gradients too (Adam zeroes only what it updates).
            NDArray gLoss;
            discriminator.getBlock().freezeParameters(true);
            try (GradientCollector gc = generatorTrainer.newGradientCollector()) {
                NDArray generated = activations.apply(sm, generatorTrainer.forward(new NDList(gIn)).singletonOrThrow(), rnd);
                NDArray logits = judge(sm, generated, condition, rnd);
                gLoss = settings.loss() == TabularGanSettings.Loss.HINGE
                        ? logits.mean().neg()
                        : bce.evaluate(new NDList(sm.ones(logits.getShape())), new NDList(logits));
                gc.backward(gLoss);
            } finally {
                discriminator.getBlock().freezeParameters(false);
            }
            generatorTrainer.step();
            updateAverage(s);
            step = s;
            GanTraining.StepLosses losses = new GanTraining.StepLosses(s, dLoss.getFloat(), gLoss.getFloat());
            if (Float.isNaN(losses.discriminatorLoss()) || Float.isNaN(losses.generatorLoss())) {
                throw new IllegalStateException("tabular GAN diverged at step " + s + ": " + losses);
            }
            return losses;
        }
    }

    /** D's logits for rows [b, w] with their conditions [b, classes], packed by pac, with fresh dropout masks. */
    private NDArray judge(NDManager m, NDArray rows, NDArray condition, SplittableRandom rnd) {
        int packs = settings.batchSize() / settings.pac();
        NDArray packed = rows.concat(condition, 1).reshape(packs, settings.pac() * (transform.width() + classes));
        NDList in = new NDList(packed);
        float keep = 1f - settings.dropout();
        for (int width : settings.discriminatorWidths()) {
            float[] mask = new float[packs * width];
            for (int i = 0; i < mask.length; i++) mask[i] = rnd.nextDouble() < keep ? 1f / keep : 0f;
            in.add(m.create(mask, new Shape(packs, width)));
        }
        return discriminatorTrainer.forward(in).singletonOrThrow();
    }

    /**
     * Exactly {@code classCounts[c]} rows of each class c, in class order, from the averaged generator in inference
     * mode, drawn and decoded as a generator answers a request for them ({@link ClassCountRows}).
     */
    public GeneratedRows generate(int[] classCounts, long seed) {
        ClassCountRows generated = ClassCountRows.generate(transform.decoder(), settings.latentSize(), classCounts, seed, GENERATION_BATCH,
                (z, labels) -> output(labels, z, true));
        return new GeneratedRows(generated.rows(), generated.labels());
    }

    private static final int GENERATION_BATCH = 1000;

    /** The averaged generator's raw output [N, width] (before span activations) for latents and classes. */
    public float[] rawOutput(int[] labels, float[] z) {
        return output(labels, z, false);
    }

    /**
     * The averaged generator's output [N, width] after the generation activations (tanh, softmax): what generation
     * decodes and what the exported graph computes.
     */
    public float[] activatedOutput(int[] labels, float[] z) {
        return output(labels, z, true);
    }

    private float[] output(int[] labels, float[] z, boolean activated) {
        try (NDManager sm = manager.newSubManager()) {
            NDArray in = sm.create(z, new Shape(labels.length, settings.latentSize())).concat(sm.create(labels).oneHot(classes), 1);
            NDArray raw = averagedGenerator.getBlock().forward(new ParameterStore(sm, false), new NDList(in), false).singletonOrThrow();
            return (activated ? activations.activate(raw) : raw).toFloatArray();
        }
    }

    /** The averaged generator, the one generation runs and export writes. */
    public Block generatorBlock() {
        return averagedGenerator.getBlock();
    }

    public TabularGanSettings settings() {
        return settings;
    }

    public int classes() {
        return classes;
    }

    private static void copyInto(ParameterList from, ParameterList to) {
        TrainingStateFiles.copyParameters(from, to);
    }

    /** average ← d · average + (1 − d) · live, as in {@link GanTraining}. */
    private void updateAverage(long t) {
        float d = Math.min(GanTraining.AVERAGE_DECAY, (1f + t) / (10f + t));
        ParameterList live = generator.getBlock().getParameters();
        ParameterList avg = averagedGenerator.getBlock().getParameters();
        for (int i = 0; i < live.size(); i++) {
            try (NDArray share = live.get(i).getValue().getArray().mul(1f - d)) {
                avg.get(i).getValue().getArray().muli(d).addi(share);
            }
        }
    }

    /** Writes G, its average, D and both optimisers' state into {@code dir} (which must exist). */
    public void save(Path dir) throws IOException {
        TrainingStateFiles.saveParameters(generator.getBlock().getParameters(), dir.resolve("generator.params"));
        TrainingStateFiles.saveParameters(discriminator.getBlock().getParameters(), dir.resolve("discriminator.params"));
        TrainingStateFiles.saveParameters(averagedGenerator.getBlock().getParameters(), dir.resolve("generator-average.params"));
        TrainingStateFiles.saveAdam(generatorAdam, generator.getBlock().getParameters(), dir.resolve("generator.adam"));
        TrainingStateFiles.saveAdam(discriminatorAdam, discriminator.getBlock().getParameters(), dir.resolve("discriminator.adam"));
    }

    /** Loads what {@link #save} wrote and continues after {@code atStep}. */
    public void restore(Path dir, long atStep) throws IOException {
        TrainingStateFiles.restoreParameters(generator.getBlock().getParameters(), manager, dir.resolve("generator.params"));
        TrainingStateFiles.restoreParameters(discriminator.getBlock().getParameters(), manager, dir.resolve("discriminator.params"));
        TrainingStateFiles.restoreParameters(averagedGenerator.getBlock().getParameters(), manager, dir.resolve("generator-average.params"));
        TrainingStateFiles.restoreAdam(generatorAdam, generator.getBlock().getParameters(), generator.getNDManager(), dir.resolve("generator.adam"));
        TrainingStateFiles.restoreAdam(discriminatorAdam, discriminator.getBlock().getParameters(), discriminator.getNDManager(),
                dir.resolve("discriminator.adam"));
        this.step = atStep;
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
