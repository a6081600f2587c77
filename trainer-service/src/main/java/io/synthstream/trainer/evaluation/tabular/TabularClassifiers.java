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
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.liblinear.LinearClassificationType.LinearType;
import org.tribuo.common.tree.RandomForestTrainer;

/**
 * The classifiers the tabular evaluations train (Tribuo's, kept Java libraries): an L2-regularised logistic regression
 * solved to convergence by LIBLINEAR (C = 1, scikit-learn's default; Tribuo's SGD logistic regression, AdaGrad with
 * one row per update, ended on noisy weights: credit-g's minority F1 went from 0.15 to 0.55 between folds) and a random
 * forest of CART trees (each split looks at √d of the d features, majority vote). A classifier is fitted with its own feature
 * encoding ({@link ClassifierFeatures}) on its training rows and scored on real rows with Tribuo's
 * {@link LabelEvaluator}.
 */
public final class TabularClassifiers {
    /** Held here, or the level would go with a collected logger: Tribuo's forest logs a line per tree it builds. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
        de.bwaldvogel.liblinear.Linear.disableDebugOutput(); // LIBLINEAR prints its iterations to stdout otherwise
    }

    private TabularClassifiers() {
    }

    public enum Kind { LOGISTIC_REGRESSION, RANDOM_FOREST }

    /**
     * @param forestTrees   trees in a random forest
     * @param logisticCost  the logistic regression's C: the inverse strength of its L2 penalty
     */
    public record Settings(int forestTrees, double logisticCost) {
        public static Settings defaults() {
            return new Settings(100, 1.0);
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
            case LOGISTIC_REGRESSION -> new LibLinearClassificationTrainer(new LinearClassificationType(LinearType.L2R_LR), settings.logisticCost(),
                    1000, 0.01, seed);
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
