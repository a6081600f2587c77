package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Kind;
import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Scores;
import java.util.ArrayList;
import java.util.List;

/**
 * Machine-learning efficacy ("train on synthetic, test on real"): each classifier trained on synthetic rows only and
 * on the real rows the generator learned from, both scored on the same held-out real rows the generator never saw.
 * Synthetic rows that keep what predicts the class score close to the real ones; a ratio near 1 is the goal.
 */
public final class MlEfficacy {
    private MlEfficacy() {
    }

    /**
     * One classifier's two trainings.
     *
     * @param minorityF1Ratio synthetic minority F1 / real minority F1 (0 when the real one is 0)
     */
    public record Comparison(String classifier, Scores real, Scores synthetic, double balancedAccuracyRatio, double minorityF1Ratio) {
    }

    public static List<Comparison> compare(RowSchema schema, LabelledRows realTrain, LabelledRows synthetic, LabelledRows realTest,
            List<Kind> classifiers, TabularClassifiers.Settings settings, long seed) {
        int minority = realTrain.rarestClass(schema.classes().size());
        List<Comparison> out = new ArrayList<>();
        for (Kind kind : classifiers) {
            Scores real = TabularClassifiers.trainAndScore(kind, settings, schema, realTrain, realTest, minority, seed);
            Scores synth = TabularClassifiers.trainAndScore(kind, settings, schema, synthetic, realTest, minority, seed);
            out.add(new Comparison(kind.name(), real, synth, ratio(synth.balancedAccuracy(), real.balancedAccuracy()),
                    ratio(synth.minorityF1(), real.minorityF1())));
        }
        return out;
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
