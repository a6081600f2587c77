package io.synthstream.trainer.evaluation.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.trainer.evaluation.tabular.RareClassGain.RareRowGenerator;
import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RareClassGainTest {
    /** Rare class 10 %, classes 1.2 sd apart: real rows alone leave a classifier shy of the rare class. */
    static final LabelledRows TABLE = TabularFixtures.table(800, 0.1, 1.2, 21);
    static final RareClassGain.Settings SETTINGS = new RareClassGain.Settings(5, 0.2, List.of(0.5, 1.0), List.of(Kind.values()),
            TabularClassifiersTest.SMALL, 5, false, 1);

    /** A "generator" that hands back real rare rows of the rows it was fitted on, drawn with replacement. */
    static final RareRowGenerator COPIES = (schema, training, rare, fold, seed) -> (count, s) -> {
        double[][] rows = training.rowsOf(rare);
        SplittableRandom rnd = new SplittableRandom(s);
        double[][] out = new double[count][];
        for (int i = 0; i < count; i++) out[i] = rows[rnd.nextInt(rows.length)].clone();
        return out;
    };

    /** A "generator" of noise: values spread over the columns' ranges, unrelated to the rare class. */
    static final RareRowGenerator NOISE = (schema, training, rare, fold, seed) -> (count, s) -> {
        SplittableRandom rnd = new SplittableRandom(s);
        double[][] out = new double[count][];
        for (int i = 0; i < count; i++) out[i] = new double[] {-3 + 6 * rnd.nextDouble(), rnd.nextInt(12), rnd.nextInt(3)};
        return out;
    };

    @Test
    void copiedRareRowsHelpLikeSmoteAndNoiseFallsBelowIt() throws Exception {
        RareClassGain.Result copies = RareClassGain.measure(TabularFixtures.SCHEMA, TABLE, COPIES, SETTINGS, line -> { });
        RareClassGain.Result noise = RareClassGain.measure(TabularFixtures.SCHEMA, TABLE, NOISE, SETTINGS, line -> { });
        assertEquals("rare", copies.rareClass());
        assertEquals(5, copies.folds());
        String both = "copies: " + copies.summary() + "\nnoise: " + noise.summary();
        System.out.println(both);
        assertTrue(copies.minorityF1Gain() > 0.1, both);
        assertTrue(noise.minorityF1Gain() < copies.minorityF1Gain() - 0.1, both);
        assertTrue(noise.balancedAccuracyGain() < copies.balancedAccuracyGain() - 0.05, both);
        for (int c = 0; c < 2; c++) {
            RareClassGain.ClassifierResult copied = copies.classifiers().get(c), noisy = noise.classifiers().get(c);
            // copying real rows is random oversampling, SMOTE's plainer cousin: about as good as SMOTE
            assertTrue(copied.minorityF1GainOverSmote() > -0.05, both);
            assertTrue(noisy.minorityF1GainOverSmote() < -0.05, both);
        }
        // noise rows labelled rare mislead the linear model outright; a forest that alone hardly ever predicts the
        // rare class (F1 ~0.06 here) still gains from any rare-labelled rows, which is why SMOTE is the bar to beat
        assertTrue(noise.classifiers().get(0).minorityF1Gain() < 0, both);
        // the real-only and SMOTE arms do not depend on the generator
        assertEquals(copies.classifiers().get(0).realOnly(), noise.classifiers().get(0).realOnly());
        assertEquals(copies.classifiers().get(1).smote(), noise.classifiers().get(1).smote());
        for (RareClassGain.ClassifierResult c : copies.classifiers()) {
            assertEquals(5, c.synthetic().folds().size());
            for (RareClassGain.FoldScore f : c.synthetic().folds()) {
                assertTrue(f.chosenShare() == 0.5 || f.chosenShare() == 1.0, f.toString());
                assertTrue(f.addedRows() > 0, f.toString());
            }
        }

        String json = EventJson.MAPPER.writeValueAsString(copies);
        assertTrue(json.contains("\"minorityF1Gain\"") && json.contains("\"realOnly\"") && json.contains("\"balancedAccuracy\""), json);
        assertEquals(copies, EventJson.MAPPER.readValue(json, RareClassGain.Result.class));
    }

    @Test
    void oversamplersSeeNeitherTheTestFoldNorTheValidationRows() {
        List<Set<double[]>> fitted = Collections.synchronizedList(new ArrayList<>());
        List<Integer> foldOfFit = new ArrayList<>();
        RareRowGenerator watching = (schema, training, rare, fold, seed) -> {
            Set<double[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            Collections.addAll(seen, training.rows());
            fitted.add(seen);
            foldOfFit.add(fold);
            return COPIES.fit(schema, training, rare, fold, seed);
        };
        RareClassGain.measure(TabularFixtures.SCHEMA, TABLE, watching, SETTINGS, line -> { });
        List<StratifiedSplits.Split> folds = StratifiedSplits.folds(TABLE.labels(), 5, SETTINGS.seed());
        assertEquals(5, fitted.size(), "one fit per fold");
        for (int i = 0; i < fitted.size(); i++) {
            int f = foldOfFit.get(i);
            for (int t : folds.get(f).heldOut()) assertTrue(!fitted.get(i).contains(TABLE.rows()[t]), "fold " + f + "'s test row " + t + " was seen");
            int trainingRows = folds.get(f).train().length;
            assertTrue(fitted.get(i).size() < trainingRows * 0.85, "fitted on the inner part only, not the validation rows: " + fitted.get(i).size());
        }
    }

    @Test
    void rowsToAddBringTheRareClassToTheShare() {
        LabelledRows rows = new LabelledRows(new double[10][], new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1});
        assertEquals(2, RareClassGain.rowsToAdd(rows, 2, 1, 0.5));
        assertEquals(6, RareClassGain.rowsToAdd(rows, 2, 1, 1.0));
        assertEquals(0, RareClassGain.rowsToAdd(rows, 2, 1, 0.2));
    }
}
