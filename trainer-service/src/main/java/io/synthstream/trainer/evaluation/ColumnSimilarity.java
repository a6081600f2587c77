package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.TabularVersion.ColumnDistribution;
import io.synthstream.contracts.rows.RowSchema;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Per-column similarity of synthetic to real rows (SDMetrics' "column shapes"): 1 − the two-sample
 * Kolmogorov–Smirnov statistic for a numeric column, 1 − the total variation distance of the category frequencies
 * for a categorical one; the score is their mean, in [0, 1] (1: every marginal matches). Rows are typed as in
 * {@code TabularDataset}: numbers and category indexes in the schema's column order.
 *
 * <p>Each column's two marginals come with it as a {@link ColumnDistribution} (what a version publishes for its charts):
 * the category frequencies the total variation is taken over, or a histogram of the numbers on round-numbered bins
 * shared by both tables.
 */
public final class ColumnSimilarity {
    /** A numeric column's histogram has about this many bins (8 to 21 once the width is a round number; fewer for few whole numbers). */
    static final int TARGET_BINS = 20;

    private ColumnSimilarity() {
    }

    /**
     * One column's result.
     *
     * @param metric     "KS" or "TV"
     * @param distance   the KS statistic or the total variation distance, in [0, 1]
     * @param similarity 1 − distance
     * @param shapes     the column's real and synthetic marginals
     */
    public record ColumnScore(String column, String metric, double distance, double similarity, ColumnDistribution shapes) {
    }

    /** The mean similarity and each column's. */
    public record Report(double score, List<ColumnScore> columns) {
        /** Each column's real and synthetic marginals, in the schema's column order. */
        public List<ColumnDistribution> distributions() {
            return columns.stream().map(ColumnScore::shapes).toList();
        }

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
            double[] a = column(real, c), b = column(synthetic, c);
            ColumnScore score;
            if (column.numeric()) {
                double distance = ksStatistic(a, b);
                double[] edges = binEdges(a, b, column.integral());
                score = new ColumnScore(column.name(), "KS", distance, 1 - distance, new ColumnDistribution(column.name(), rounded(1 - distance),
                        boxed(edges), List.of(), fractions(histogram(a, edges)), fractions(histogram(b, edges))));
            } else {
                double[] p = frequencies(a, column.categories().size()), q = frequencies(b, column.categories().size());
                double distance = totalVariation(p, q);
                score = new ColumnScore(column.name(), "TV", distance, 1 - distance, new ColumnDistribution(column.name(), rounded(1 - distance),
                        List.of(), column.categories(), fractions(p), fractions(q)));
            }
            scores.add(score);
            sum += score.similarity();
        }
        return new Report(sum / scores.size(), scores);
    }

    /** sup_x |F_a(x) − F_b(x)| over the two empirical CDFs (ties handled exactly by commons-math3). */
    static double ksStatistic(double[] a, double[] b) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(a, b);
    }

    /** ½ Σ_k |p_k − q_k| over category frequencies. */
    static double totalVariation(double[] a, double[] b, int categories) {
        return totalVariation(frequencies(a, categories), frequencies(b, categories));
    }

    private static double totalVariation(double[] p, double[] q) {
        double tv = 0;
        for (int k = 0; k < p.length; k++) tv += Math.abs(p[k] - q[k]);
        return tv / 2;
    }

    private static double[] frequencies(double[] indexes, int categories) {
        double[] f = new double[categories];
        for (double v : indexes) f[(int) v] += 1.0 / indexes.length;
        return f;
    }

    /**
     * Round-numbered edges over the values of both tables, about {@link #TARGET_BINS} bins: the width is 1, 2, 2.5 or
     * 5 × 10^k (an integral column: 1, 2 or 5 × 10^k, at least 1, with edges halfway between whole numbers so each bin
     * holds whole numbers only), the first edge a multiple of it at or below the smallest value.
     */
    static double[] binEdges(double[] a, double[] b, boolean integral) {
        double lo = Math.min(Arrays.stream(a).min().orElseThrow(), Arrays.stream(b).min().orElseThrow());
        double hi = Math.max(Arrays.stream(a).max().orElseThrow(), Arrays.stream(b).max().orElseThrow());
        double width = niceWidth((hi - lo) / TARGET_BINS, integral);
        // the 1e-9: 0.3 / 0.1 is 2.9999999999999996
        double start = integral ? Math.floor((lo + 0.5) / width) * width - 0.5 : Math.floor(lo / width + 1e-9) * width;
        if (hi == lo && !integral) start = lo - 0.5; // one value: one bin around it
        int bins = Math.max(1, (int) Math.ceil((hi - start) / width - 1e-9));
        if (start + bins * width < hi) bins++;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = new BigDecimal(start + i * width).round(new MathContext(12)).doubleValue();
        return edges;
    }

    private static double niceWidth(double raw, boolean integral) {
        if (raw <= 0) return 1;
        if (integral && raw <= 1) return 1;
        double scale = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : integral ? new double[] {1, 2, 5} : new double[] {1, 2, 2.5, 5}) {
            if (m * scale >= raw * (1 - 1e-12)) return m * scale;
        }
        return 10 * scale;
    }

    /** The fraction of values per bin: bin i is [edges[i], edges[i + 1]), the last one closed. */
    static double[] histogram(double[] values, double[] edges) {
        int bins = edges.length - 1;
        double[] f = new double[bins];
        for (double v : values) {
            int i = Arrays.binarySearch(edges, v);
            int bin = i >= 0 ? i : -i - 2; // an edge opens its bin; between edges, the bin below the insertion point
            f[Math.max(0, Math.min(bins - 1, bin))] += 1.0 / values.length;
        }
        return f;
    }

    private static List<Double> fractions(double[] f) {
        return Arrays.stream(f).map(ColumnSimilarity::rounded).boxed().toList();
    }

    private static double rounded(double fraction) {
        return Math.round(fraction * 1e4) / 1e4;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double[] column(double[][] rows, int c) {
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) out[r] = rows[r][c];
        return out;
    }
}
