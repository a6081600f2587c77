package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * The classifiers the tabular evaluations train (Tribuo's, kept Java libraries): a logistic regression (linear model,
 * log loss, AdaGrad SGD, as Tribuo's LogisticRegressionTrainer but with more epochs and quiet) and a random forest of
 * CART trees (each split looks at √d of the d features, majority vote). A classifier is fitted with its own feature
 * encoding ({@link ClassifierFeatures}) on its training rows and scored on real rows with Tribuo's
 * {@link LabelEvaluator}.
 */
public final class TabularClassifiers {
    /** Held here, or the level would go with a collected logger: Tribuo's forest logs a line per tree it builds. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    private TabularClassifiers() {
    }

    public enum Kind { LOGISTIC_REGRESSION, RANDOM_FOREST }

    /**
     * @param forestTrees     trees in a random forest
     * @param logisticEpochs  passes of the logistic regression's SGD over its training rows
     */
    public record Settings(int forestTrees, int logisticEpochs) {
        public static Settings defaults() {
            return new Settings(100, 10);
        }
    }

    /**
     * Scores of one classifier on real test rows.
     *
     * @param accuracy         share of rows classified right
     * @param balancedAccuracy mean over the test rows' classes of their recall (the minority counts as much as the majority)
     * @param minorityF1       F1 of the minority class; 0 when it is never predicted right
     */
    public record Scores(double accuracy, double balancedAccuracy, double minorityF1) {
    }

    /** Trains {@code kind} on {@code train} and scores it on {@code test}; {@code minorityClass} is a class index. */
    public static Scores trainAndScore(Kind kind, Settings settings, RowSchema schema, LabelledRows train, LabelledRows test, int minorityClass,
            long seed) {
        ClassifierFeatures features = ClassifierFeatures.fit(schema, train.rows());
        Model<Label> model = trainer(kind, settings, schema, seed).train(features.dataset(train, "train"));
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, features.dataset(test, "test"));
        int[] testCounts = test.classCounts(schema.classes().size());
        double recallSum = 0;
        int present = 0;
        for (int c = 0; c < testCounts.length; c++) {
            if (testCounts[c] == 0) continue;
            recallSum += finite(evaluation.recall(new Label(schema.classes().get(c))));
            present++;
        }
        return new Scores(evaluation.accuracy(), recallSum / present, finite(evaluation.f1(new Label(schema.classes().get(minorityClass)))));
    }

    private static Trainer<Label> trainer(Kind kind, Settings settings, RowSchema schema, long seed) {
        return switch (kind) {
            // logging once per Integer.MAX_VALUE examples: Tribuo would otherwise log a loss line per 1 000 rows
            case LOGISTIC_REGRESSION -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), settings.logisticEpochs(), Integer.MAX_VALUE,
                    1, seed);
            case RANDOM_FOREST -> new RandomForestTrainer<>(new CARTClassificationTrainer(Integer.MAX_VALUE, featureShare(schema), seed),
                    new VotingCombiner(), settings.forestTrees(), seed);
        };
    }

    /** √d / d of the one-hot width d, Breiman's default; below 1, which Tribuo's forest requires of its trees. */
    private static float featureShare(RowSchema schema) {
        int width = 0;
        for (RowSchema.Column c : schema.columns()) width += c.numeric() ? 1 : c.categories().size();
        return (float) Math.min(0.99, Math.max(1, Math.sqrt(width)) / width);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
