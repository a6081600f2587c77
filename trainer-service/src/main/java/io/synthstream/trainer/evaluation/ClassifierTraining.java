package io.synthstream.trainer.evaluation;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.synthstream.trainer.data.ClassicAugmentation;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.gan.DjlRuntime;
import java.util.SplittableRandom;

/**
 * Trains a classifier of the reference design for a fixed number of updates on real images, optionally
 * with classic augmentation and a share of every batch drawn from synthetic samples: the downstream
 * classifier an ML engineer would train, so that real only, real + classic and real + GAN get the same
 * design and the same budget. Batches are drawn with replacement, so a set of 80 images and one of
 * 60 000 get the same number of updates.
 */
public final class ClassifierTraining {
    /**
     * @param syntheticShare share of each batch taken from {@code synthetic} (ignored when it is null)
     * @param seed           weight initialisation and batch draws
     */
    public record Recipe(int steps, int batch, boolean classicAugmentation, LabelledImages synthetic, double syntheticShare, long seed) {
        public Recipe {
            if (steps < 1 || batch < 1) throw new IllegalArgumentException("steps and batch must be positive");
            if (syntheticShare < 0 || syntheticShare > 1) throw new IllegalArgumentException("syntheticShare must lie in [0, 1]");
        }

        public static Recipe realOnly(int steps, int batch, boolean classic, long seed) {
            return new Recipe(steps, batch, classic, null, 0, seed);
        }
    }

    private ClassifierTraining() {
    }

    /** A freshly trained classifier; the caller closes it. {@code real} may be empty when the share of synthetic samples is 1. */
    public static ReferenceClassifier train(LabelledImages real, Recipe recipe) {
        int synthetic = recipe.synthetic() == null ? 0 : (int) Math.round(recipe.batch() * recipe.syntheticShare());
        if (real.size() == 0 && synthetic < recipe.batch()) throw new IllegalArgumentException("no real images to train on");
        if (recipe.synthetic() != null && recipe.synthetic().size() == 0 && synthetic > 0)
            throw new IllegalArgumentException("no synthetic samples to train on");
        Engine.getEngine(DjlRuntime.PYTORCH).setRandomSeed((int) recipe.seed());
        Model model = ReferenceClassifier.newModel(real.size() > 0 ? real : recipe.synthetic());
        try {
            fit(model, real, recipe, synthetic);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return ReferenceClassifier.of(model, real);
    }

    private static void fit(Model model, LabelledImages real, Recipe recipe, int syntheticPerBatch) {
        int b = recipe.batch(), p = real.pixelsPerImage();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        Adam adam = Adam.builder().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        SplittableRandom rnd = new SplittableRandom(recipe.seed() * 0x9E3779B97F4A7C15L + 17);
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adam))) {
            trainer.initialize(new Shape(b, p));
            float[] x = new float[b * p];
            int[] y = new int[b];
            for (int s = 0; s < recipe.steps(); s++) {
                for (int i = 0; i < b; i++) {
                    boolean fromSynthetic = i < syntheticPerBatch;
                    LabelledImages from = fromSynthetic ? recipe.synthetic() : real;
                    int idx = rnd.nextInt(from.size());
                    if (recipe.classicAugmentation()) ClassicAugmentation.augmentedInto(from, idx, rnd, x, i * p);
                    else from.imageInto(idx, x, i * p);
                    y[i] = from.labels()[idx];
                }
                try (NDManager m = model.getNDManager().newSubManager()) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        var logits = trainer.forward(new NDList(m.create(x, new Shape(b, p)))).singletonOrThrow();
                        gc.backward(loss.evaluate(new NDList(m.create(y)), new NDList(logits)));
                    }
                    trainer.step();
                }
            }
        }
    }
}
