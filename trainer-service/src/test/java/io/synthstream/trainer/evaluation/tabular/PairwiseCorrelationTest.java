package io.synthstream.trainer.evaluation.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairwiseCorrelationTest {
    @Test
    void knownAssociations() {
        double[] x = {1, 2, 3, 4, 5, 6};
        assertEquals(1, PairwiseCorrelation.pearson(x, new double[] {2, 4, 6, 8, 10, 12}), 1e-12);
        assertEquals(-1, PairwiseCorrelation.pearson(x, new double[] {6, 5, 4, 3, 2, 1}), 1e-12);
        assertEquals(0, PairwiseCorrelation.pearson(x, new double[] {3, 3, 3, 3, 3, 3}), 0, "a constant column has no association");
        double[] g = {0, 0, 0, 1, 1, 1};
        assertEquals(1, PairwiseCorrelation.cramersV(g, 2, g, 2), 1e-12);
        assertEquals(0, PairwiseCorrelation.cramersV(new double[] {0, 0, 1, 1}, 2, new double[] {0, 1, 0, 1}, 3), 1e-12, "independent");
        // within-group spread 0, so the category explains all of it
        assertEquals(1, PairwiseCorrelation.correlationRatio(new double[] {1, 1, 1, 9, 9, 9}, g, 2), 1e-12);
        assertEquals(0, PairwiseCorrelation.correlationRatio(new double[] {1, 9, 5, 1, 9, 5}, g, 2), 1e-12);
    }

    @Test
    void identicalTablesScoreOneAndBrokenDependenciesScoreLower() {
        LabelledRows real = TabularFixtures.table(600, 0.3, 2.5, 1);
        PairwiseCorrelation.Report same = PairwiseCorrelation.compare(TabularFixtures.SCHEMA, real, real);
        assertEquals(1, same.score(), 1e-12);
        assertEquals(0, same.meanAbsoluteDifference(), 1e-12);
        assertEquals(6, same.pairs(), "3 features and the label: 4 columns, 6 pairs");

        // the same marginals, but every column shuffled on its own: the label no longer goes with x or kind
        double[][] shuffled = new double[real.size()][];
        for (int r = 0; r < shuffled.length; r++) shuffled[r] = real.rows()[r].clone();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int c = 0; c < 3; c++) {
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                double t = shuffled[i][c];
                shuffled[i][c] = shuffled[j][c];
                shuffled[j][c] = t;
            }
        }
        PairwiseCorrelation.Report broken = PairwiseCorrelation.compare(TabularFixtures.SCHEMA, real, new LabelledRows(shuffled, real.labels()));
        assertTrue(broken.score() < 0.85, broken.summary());
        assertEquals("y", broken.largest().get(0).second(), "the label's pairs lose the most: " + broken.summary());
        assertTrue(broken.largest().get(0).difference() > 0.5, broken.summary());
    }
}
