package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.ModelVersionPublished.AugmentationGain;
import io.synthstream.trainer.data.LabelBudget;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.GanShape;

/**
 * What a version's samples add to a classifier trained on the job's own labelled data: a validation split
 * is held out of those data (stratified, fixed seed), then for each seed a classifier of the reference
 * design is trained on the rest alone and one on the rest plus the version's samples (unfiltered: what
 * the generator serves), same budget; both are scored on the validation split.
 */
public final class AugmentationGainMeter {
    public record Settings(int seeds, int steps, int batch, double syntheticShare, int samplesPerClass, double validationShare) {
        public static final Settings DEFAULT = new Settings(3, 600, 64, 0.25, 500, 0.2);
    }

    private AugmentationGainMeter() {
    }

    public static AugmentationGain measure(GeneratorSession session, GanShape shape, LabelledImages labelled, Settings s) {
        LabelledImages[] split = LabelBudget.stratifiedSplit(labelled, s.validationShare(), 5);
        LabelledImages train = split[0], validation = split[1];
        var pool = SyntheticSamples.draw(session, shape, labelled.classNames(), s.samplesPerClass(), null, 0, 29).images();
        double[] diffs = new double[s.seeds()];
        double real = 0, augmented = 0;
        for (int k = 0; k < s.seeds(); k++) {
            double a = accuracy(train, validation, ClassifierTraining.Recipe.realOnly(s.steps(), s.batch(), false, k));
            double b = accuracy(train, validation, new ClassifierTraining.Recipe(s.steps(), s.batch(), false, pool, s.syntheticShare(), k));
            diffs[k] = 100 * (b - a);
            real += a / s.seeds();
            augmented += b / s.seeds();
        }
        double mean = java.util.Arrays.stream(diffs).average().orElse(0);
        double var = java.util.Arrays.stream(diffs).map(d -> (d - mean) * (d - mean)).sum() / Math.max(1, diffs.length - 1);
        return new AugmentationGain(mean, Math.sqrt(var), s.seeds(), real, augmented, train.size(), pool.size(), validation.size());
    }

    private static double accuracy(LabelledImages train, LabelledImages validation, ClassifierTraining.Recipe recipe) {
        try (ReferenceClassifier c = ClassifierTraining.train(train, recipe)) {
            return c.accuracy(validation);
        }
    }
}
