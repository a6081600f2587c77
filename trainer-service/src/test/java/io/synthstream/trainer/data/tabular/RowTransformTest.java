package io.synthstream.trainer.data.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import io.synthstream.trainer.data.tabular.RowTransform.NumericEncoding;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class RowTransformTest {
    static final RowSchema SCHEMA = new RowSchema(List.of(Column.numeric("amount", false), Column.categorical("color", List.of("red", "green", "blue")),
            Column.numeric("age", true), Column.categorical("flag", List.of("y", "n"))), "cls", List.of("a", "b"));

    /** A bimodal continuous column, an integral one with repeated values, two categorical ones. */
    static double[][] rows(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double amount = rnd.nextBoolean() ? 100 + 10 * rnd.nextGaussian() : 500 + 30 * rnd.nextGaussian();
            rows[i] = new double[] {amount, rnd.nextInt(3), 18 + rnd.nextInt(50), rnd.nextInt(2)};
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(NumericEncoding.class)
    void spansCoverTheEncodedRowAsTheSchemaSays(NumericEncoding numeric) {
        RowTransform t = RowTransform.fit(SCHEMA, rows(300, 1), numeric);
        int next = 0;
        for (OutputSpan s : t.spans()) {
            assertEquals(next, s.start(), "spans are contiguous");
            next = s.end();
            Column c = SCHEMA.columns().get(s.column());
            if (!c.numeric()) assertEquals(c.categories().size(), s.width(), c.name());
            if (s.activation() == OutputSpan.Activation.TANH) assertTrue(c.numeric());
        }
        assertEquals(t.width(), next);
        long numericScalars = t.spans().stream().filter(s -> s.activation() == OutputSpan.Activation.TANH).count();
        assertEquals(2, numericScalars, "one scalar per numeric column");
    }

    @ParameterizedTest
    @EnumSource(NumericEncoding.class)
    void decodingAnEncodedRowGivesItBack(NumericEncoding numeric) {
        double[][] rows = rows(300, 2);
        RowTransform t = RowTransform.fit(SCHEMA, rows, numeric);
        for (double[] row : rows) {
            float[] encoded = t.encode(row);
            for (OutputSpan s : t.spans()) {
                if (s.activation() == OutputSpan.Activation.TANH) assertTrue(Math.abs(encoded[s.start()]) <= 1f);
            }
            double[] back = t.decode(encoded);
            assertEquals(row[1], back[1], 0, "categories exactly");
            assertEquals(row[3], back[3], 0);
            assertEquals(row[2], back[2], 0, "integral numbers exactly");
            assertEquals(row[0], back[0], 1e-3 * 600, "numbers within 0.1 % of the range");
        }
    }

    @Test
    void theMixtureFindsTheModesOfABimodalColumn() {
        double[] amounts = Arrays.stream(rows(600, 3)).mapToDouble(r -> r[0]).toArray();
        ModeSpecificColumn m = GaussianMixture1D.fit(amounts, RowTransform.MAX_MODES, false);
        assertTrue(m.modes() >= 2, "modes " + Arrays.toString(m.means()));
        assertTrue(Arrays.stream(m.means()).anyMatch(mu -> Math.abs(mu - 100) < 10), Arrays.toString(m.means()));
        assertTrue(Arrays.stream(m.means()).anyMatch(mu -> Math.abs(mu - 500) < 30), Arrays.toString(m.means()));
        assertEquals(1, Arrays.stream(m.weights()).sum(), 1e-9);
    }

    @Test
    void decodingClipsToTheObservedRangeAndRounds() {
        double[][] rows = rows(200, 4);
        RowTransform t = RowTransform.fit(SCHEMA, rows, NumericEncoding.MODE_SPECIFIC);
        float[] extreme = new float[t.width()];
        Arrays.fill(extreme, 1f); // α at its maximum everywhere, the first mode/category winning ties
        double[] row = t.decode(extreme);
        double maxAmount = Arrays.stream(rows).mapToDouble(r -> r[0]).max().orElseThrow();
        assertTrue(row[0] <= maxAmount);
        assertEquals(Math.rint(row[2]), row[2], 0);
        assertTrue(row[2] >= 18 && row[2] <= 67);
    }

    @Test
    void aQuantileColumnIsMonotoneAndEndsAtTheExtremes() {
        QuantileColumn q = QuantileColumn.fit(new double[] {5, 1, 3, 3, 9}, false);
        float[] out = new float[1];
        float previous = -2;
        for (double v : new double[] {0, 1, 2, 3, 4, 9, 10}) {
            q.encode(v, out, 0);
            assertTrue(out[0] >= previous, "monotone at " + v);
            previous = out[0];
        }
        q.encode(1, out, 0);
        assertEquals(-ColumnEncoding.SCALAR_LIMIT, out[0], 1e-6f);
        q.encode(9, out, 0);
        assertEquals(ColumnEncoding.SCALAR_LIMIT, out[0], 1e-6f);
    }

    @Test
    void anEncodingThatDoesNotFitTheColumnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RowTransform(SCHEMA, List.of(new OneHotColumn(2), new OneHotColumn(3),
                new OneHotColumn(2), new OneHotColumn(2))));
    }
}
