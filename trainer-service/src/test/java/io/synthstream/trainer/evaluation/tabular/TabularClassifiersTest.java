package io.synthstream.trainer.evaluation.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Kind;
import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabularClassifiersTest {
    static final TabularClassifiers.Settings SMALL = new TabularClassifiers.Settings(30, 1.0);

    @Test
    void bothClassifiersLearnASeparableTableAndFailOnShuffledLabels() {
        LabelledRows train = TabularFixtures.table(600, 0.25, 6, 1), test = TabularFixtures.table(300, 0.25, 6, 2);
        for (Kind kind : Kind.values()) {
            Scores s = TabularClassifiers.trainAndScore(kind, SMALL, TabularFixtures.SCHEMA, train, test, 1, 3);
            assertTrue(s.accuracy() > 0.97 && s.balancedAccuracy() > 0.95 && s.minorityF1() > 0.93, kind + ": " + s);
            // labels that have nothing to do with the rows: no better than chance on the rare class
            int[] unrelated = TabularFixtures.table(600, 0.25, 6, 9).labels();
            Scores noise = TabularClassifiers.trainAndScore(kind, SMALL, TabularFixtures.SCHEMA, new LabelledRows(train.rows(), unrelated), test, 1, 3);
            assertTrue(noise.balancedAccuracy() < 0.6, kind + " on unrelated labels: " + noise);
        }
    }

    @Test
    void balancedAccuracyIsTheMeanRecallOfBothClasses() {
        // classes that barely differ, the rare one a quarter of the rows: accuracy flatters, balanced accuracy does not
        LabelledRows train = TabularFixtures.table(400, 0.25, 0.2, 4);
        LabelledRows test = TabularFixtures.table(400, 0.25, 0.2, 5);
        Scores s = TabularClassifiers.trainAndScore(Kind.LOGISTIC_REGRESSION, SMALL, TabularFixtures.SCHEMA, train, test, 1, 3);
        int[] counts = test.classCounts(2);
        assertTrue(s.balancedAccuracy() < s.accuracy() - 0.05, s.toString());
        // Tribuo's accuracy and minority F1 fix the confusion matrix of two classes: tp + tn = accuracy · n and
        // F1 = 2 tp / (2 tp + fp + fn); the balanced accuracy must be (tp / rare + tn / common) / 2 of that matrix
        double n = counts[0] + counts[1], correct = s.accuracy() * n;
        double tp = s.minorityF1() * (n - correct) / (2 - 2 * s.minorityF1()), tn = correct - tp;
        assertEquals((tp / counts[1] + tn / counts[0]) / 2, s.balancedAccuracy(), 1e-9, s + ", test rows per class " + List.of(counts[0], counts[1]));
    }

    @Test
    void sameSeedSameScores() {
        LabelledRows train = TabularFixtures.table(300, 0.3, 1.5, 6), test = TabularFixtures.table(200, 0.3, 1.5, 7);
        for (Kind kind : Kind.values()) {
            assertEquals(TabularClassifiers.trainAndScore(kind, SMALL, TabularFixtures.SCHEMA, train, test, 1, 11),
                    TabularClassifiers.trainAndScore(kind, SMALL, TabularFixtures.SCHEMA, train, test, 1, 11), kind.name());
        }
    }
}
