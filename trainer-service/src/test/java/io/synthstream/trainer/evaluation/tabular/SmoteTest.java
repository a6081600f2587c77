package io.synthstream.trainer.evaluation.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmoteTest {
    @Test
    void newRowsLieBetweenRareRowsWithTheirNeighboursCategories() {
        LabelledRows table = TabularFixtures.table(500, 0.2, 3, 1);
        double[][] rare = table.rowsOf(1);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE;
        for (double[] r : rare) {
            minX = Math.min(minX, r[0]);
            maxX = Math.max(maxX, r[0]);
        }
        double[][] made = Smote.fit(TabularFixtures.SCHEMA, table, 1, 5).sample(400, 2);
        assertEquals(400, made.length);
        int kindB = 0;
        for (double[] r : made) {
            assertTrue(r[0] >= minX && r[0] <= maxX, "x between the rare rows' extremes: " + r[0]);
            assertEquals(Math.rint(r[1]), r[1], 0, "an integral column stays whole");
            assertTrue(r[2] == 0 || r[2] == 1 || r[2] == 2);
            if (r[2] == 1) kindB++;
        }
        // 70 % of the rare rows are of kind "b" and neighbours vote, so the made rows are more often "b", not less
        long realB = java.util.Arrays.stream(rare).filter(r -> r[2] == 1).count();
        assertTrue(kindB / 400.0 >= (double) realB / rare.length, kindB + " of 400 made rows vs " + realB + " of " + rare.length + " real");
        assertArrayEquals(made[17], Smote.fit(TabularFixtures.SCHEMA, table, 1, 5).sample(400, 2)[17], "same seed, same rows");
    }

    @Test
    void twoRareRowsMakeRowsOnTheirSegment() {
        LabelledRows t = new LabelledRows(new double[][] {{0, 2, 0}, {10, 4, 0}, {5, 3, 1}, {6, 3, 2}}, new int[] {1, 1, 0, 0});
        for (double[] r : Smote.fit(TabularFixtures.SCHEMA, t, 1, 5).sample(50, 1)) {
            assertTrue(r[0] >= 0 && r[0] <= 10);
            assertEquals(2 + (r[0] / 10) * 2, r[1], 0.5 + 1e-9, "count interpolated with the same gap, then rounded");
            assertEquals(0, r[2], 0);
        }
        assertThrows(IllegalArgumentException.class,
                () -> Smote.fit(TabularFixtures.SCHEMA, new LabelledRows(new double[][] {{0, 1, 0}, {1, 1, 0}}, new int[] {1, 0}), 1, 5));
    }
}
