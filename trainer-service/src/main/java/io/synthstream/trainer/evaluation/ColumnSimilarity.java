package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.rows.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Per-column similarity of synthetic to real rows (SDMetrics' "column shapes"): 1 − the two-sample
 * Kolmogorov–Smirnov statistic for a numeric column, 1 − the total variation distance of the category frequencies
 * for a categorical one; the score is their mean, in [0, 1] (1: every marginal matches). Rows are typed as in
 * {@code TabularDataset}: numbers and category indexes in the schema's column order.
 */
public final class ColumnSimilarity {
    private ColumnSimilarity() {
    }

    /**
     * One column's result.
     *
     * @param metric     "KS" or "TV"
     * @param distance   the KS statistic or the total variation distance, in [0, 1]
     * @param similarity 1 − distance
     */
    public record ColumnScore(String column, String metric, double distance, double similarity) {
    }

    /** The mean similarity and each column's. */
    public record Report(double score, List<ColumnScore> columns) {
        public String summary() {
            StringJoiner s = new StringJoiner(", ", String.format("column similarity %.4f (", score), ")");
            for (ColumnScore c : columns) s.add(String.format("%s %s %.3f", c.column(), c.metric(), c.similarity()));
            return s.toString();
        }
    }

    public static Report compare(RowSchema schema, double[][] real, double[][] synthetic) {
        if (real.length == 0 || synthetic.length == 0) throw new IllegalArgumentException("both tables need rows");
        List<ColumnScore> scores = new ArrayList<>();
        double sum = 0;
        for (int c = 0; c < schema.columns().size(); c++) {
            RowSchema.Column column = schema.columns().get(c);
            double distance = column.numeric()
                    ? ksStatistic(column(real, c), column(synthetic, c))
                    : totalVariation(column(real, c), column(synthetic, c), column.categories().size());
            scores.add(new ColumnScore(column.name(), column.numeric() ? "KS" : "TV", distance, 1 - distance));
            sum += 1 - distance;
        }
        return new Report(sum / scores.size(), scores);
    }

    /** sup_x |F_a(x) − F_b(x)| over the two empirical CDFs (ties handled exactly by commons-math3). */
    static double ksStatistic(double[] a, double[] b) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(a, b);
    }

    /** ½ Σ_k |p_k − q_k| over category frequencies. */
    static double totalVariation(double[] a, double[] b, int categories) {
        double[] p = frequencies(a, categories), q = frequencies(b, categories);
        double tv = 0;
        for (int k = 0; k < categories; k++) tv += Math.abs(p[k] - q[k]);
        return tv / 2;
    }

    private static double[] frequencies(double[] indexes, int categories) {
        double[] f = new double[categories];
        for (double v : indexes) f[(int) v] += 1.0 / indexes.length;
        return f;
    }

    private static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) out[r] = rows[r][c];
        return out;
    }
}
