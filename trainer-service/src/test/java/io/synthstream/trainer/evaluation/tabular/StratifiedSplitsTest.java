package io.synthstream.trainer.evaluation.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSplitsTest {
    @Test
    void foldsHoldOutEveryRowOnceAndKeepClassShares() {
        int[] labels = TabularFixtures.table(503, 0.2, 1, 3).labels();
        int rare = (int) Arrays.stream(labels).filter(l -> l == 1).count();
        List<StratifiedSplits.Split> folds = StratifiedSplits.folds(labels, 5, 7);
        int[] heldOutTimes = new int[labels.length];
        for (StratifiedSplits.Split f : folds) {
            for (int i : f.heldOut()) heldOutTimes[i]++;
            assertEquals(labels.length, f.train().length + f.heldOut().length);
            long foldRare = Arrays.stream(f.heldOut()).filter(i -> labels[i] == 1).count();
            assertTrue(Math.abs(foldRare - rare / 5.0) <= 1, "rare rows in a fold: " + foldRare + " of " + rare);
            assertTrue(Math.abs(f.heldOut().length - labels.length / 5.0) <= 1, "fold size " + f.heldOut().length);
            assertTrue(IntStream.of(f.train()).noneMatch(i -> IntStream.of(f.heldOut()).anyMatch(j -> j == i)), "train and held-out overlap");
        }
        assertTrue(Arrays.stream(heldOutTimes).allMatch(t -> t == 1));
        assertArrayEquals(folds.get(2).heldOut(), StratifiedSplits.folds(labels, 5, 7).get(2).heldOut(), "same seed, same folds");
    }

    @Test
    void holdOutTakesTheShareOfEachClass() {
        int[] labels = new int[100];
        for (int i = 0; i < 10; i++) labels[i] = 1;
        StratifiedSplits.Split s = StratifiedSplits.holdOut(labels, 0.2, 1);
        assertEquals(20, s.heldOut().length);
        assertEquals(2, Arrays.stream(s.heldOut()).filter(i -> labels[i] == 1).count());
    }
}
