package io.synthstream.trainer.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
