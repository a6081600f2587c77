package io.synthstream.trainer.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.synthstream.contracts.events.TabularVersion.ColumnDistribution;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnSimilarityTest {
    static final RowSchema SCHEMA = new RowSchema(List.of(Column.numeric("x", false), Column.categorical("c", List.of("a", "b", "c"))), "y",
            List.of("p", "q"));

    @Test
    void identicalTablesScoreOne() {
        double[][] rows = {{1, 0}, {2, 1}, {2, 2}, {7.5, 1}};
        var report = ColumnSimilarity.compare(SCHEMA, rows, rows.clone());
        assertEquals(1, report.score(), 1e-12);
        assertEquals(List.of("KS", "TV"), report.columns().stream().map(ColumnSimilarity.ColumnScore::metric).toList());
    }

    @Test
    void disjointTablesScoreZero() {
        double[][] real = {{1, 0}, {2, 0}, {3, 1}};
        double[][] synthetic = {{10, 2}, {11, 2}};
        assertEquals(0, ColumnSimilarity.compare(SCHEMA, real, synthetic).score(), 1e-12);
    }

    @Test
    void knownDistances() {
        assertEquals(0.5, ColumnSimilarity.ksStatistic(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6}), 1e-12);
        assertEquals(0.5, ColumnSimilarity.totalVariation(new double[] {0, 0, 1, 1}, new double[] {0, 0, 0, 0}, 3), 1e-12);
        var report = ColumnSimilarity.compare(SCHEMA, new double[][] {{1, 0}, {2, 0}, {3, 1}, {4, 1}}, new double[][] {{3, 0}, {4, 0}, {5, 0}, {6, 0}});
        assertEquals(0.5, report.score(), 1e-12);
        assertTrue(report.summary().startsWith("column similarity 0.5000"), report.summary());
    }

    /** A small table by hand: its categories counted, its numbers binned on round edges shared by both tables. */
    @Test
    void eachColumnCarriesItsRealAndSyntheticShapes() {
        RowSchema schema = new RowSchema(List.of(Column.numeric("x", false), Column.categorical("c", List.of("a", "b", "c")),
                Column.numeric("n", true)), "y", List.of("p", "q"));
        double[][] real = {{0.0, 0, 1}, {1.0, 0, 2}, {2.5, 1, 2}, {9.99, 1, 3}};
        double[][] synthetic = {{0.5, 2, 1}, {10.0, 2, 4}};
        var report = ColumnSimilarity.compare(schema, real, synthetic);
        List<ColumnDistribution> shapes = report.distributions();
        assertEquals(List.of("x", "c", "n"), shapes.stream().map(ColumnDistribution::column).toList());

        ColumnDistribution x = shapes.get(0); // 0 … 10 over 20 bins: width 0.5, edges 0, 0.5, …, 10 (10.0 in the last, closed bin)
        assertTrue(x.numeric() && x.categories().isEmpty());
        assertEquals(21, x.binEdges().size());
        assertEquals(0.0, x.binEdges().get(0));
        assertEquals(0.5, x.binEdges().get(1));
        assertEquals(10.0, x.binEdges().get(20));
        assertEquals(20, x.real().size());
        assertEquals(0.25, x.real().get(0)); // 0.0
        assertEquals(0.25, x.real().get(2)); // 1.0 opens [1, 1.5)
        assertEquals(0.25, x.real().get(5)); // 2.5 opens [2.5, 3)
        assertEquals(0.25, x.real().get(19)); // 9.99
        assertEquals(0.5, x.synthetic().get(1)); // 0.5 opens [0.5, 1)
        assertEquals(0.5, x.synthetic().get(19)); // 10.0, the last edge
        assertEquals(report.columns().get(0).similarity(), x.similarity(), 1e-4);

        ColumnDistribution c = shapes.get(1);
        assertTrue(!c.numeric() && c.binEdges().isEmpty());
        assertEquals(List.of("a", "b", "c"), c.categories());
        assertEquals(List.of(0.5, 0.5, 0.0), c.real());
        assertEquals(List.of(0.0, 0.0, 1.0), c.synthetic());
        assertEquals(0.0, c.similarity());

        ColumnDistribution n = shapes.get(2); // whole numbers 1 … 4: one bin per number, edges halfway between
        assertEquals(List.of(0.5, 1.5, 2.5, 3.5, 4.5), n.binEdges());
        assertEquals(List.of(0.25, 0.5, 0.25, 0.0), n.real());
        assertEquals(List.of(0.5, 0.0, 0.0, 0.5), n.synthetic());

        for (ColumnDistribution d : shapes) {
            assertEquals(1, d.real().stream().mapToDouble(Double::doubleValue).sum(), 1e-9, d.column());
            assertEquals(1, d.synthetic().stream().mapToDouble(Double::doubleValue).sum(), 1e-9, d.column());
        }
    }

    @Test
    void binsAreRoundNumberedAndSpanBothTables() {
        // credit amounts: 250 … 18 424 over ~20 bins → width 1000, edges 0 … 19 000
        double[] edges = ColumnSimilarity.binEdges(new double[] {250, 18424, 3000}, new double[] {1200.5}, false);
        assertEquals(0, edges[0]);
        assertEquals(1000, edges[1]);
        assertEquals(19000, edges[edges.length - 1]);
        // ages 19 … 75, whole: width 5 (not 2.5), edges between whole numbers; a synthetic 80 widens the span
        double[] ages = ColumnSimilarity.binEdges(new double[] {19, 75}, new double[] {80}, true);
        assertEquals(14.5, ages[0]);
        assertEquals(19.5, ages[1]);
        assertEquals(84.5, ages[ages.length - 1]);
        // fractional widths come out round, not 0.30000000000000004
        double[] small = ColumnSimilarity.binEdges(new double[] {0.3, 2.2}, new double[] {1.0}, false);
        assertEquals(0.3, small[0]);
        assertEquals(0.4, small[1]);
        // one value: one bin around it
        assertArrayEquals(new double[] {6.5, 7.5}, ColumnSimilarity.binEdges(new double[] {7, 7}, new double[] {7}, false));
        assertArrayEquals(new double[] {6.5, 7.5}, ColumnSimilarity.binEdges(new double[] {7}, new double[] {7}, true));
        for (double[] e : List.of(edges, ages, small)) assertTrue(e.length - 1 >= 8 && e.length - 1 <= 21, "bins: " + (e.length - 1));
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, ColumnSimilarity.histogram(new double[] {0, 1, 1.5, 3}, new double[] {0, 1.5, 2, 3}),
                1e-12);
    }
}
