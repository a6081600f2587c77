package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How well synthetic rows keep the real rows' pairwise dependencies (SDMetrics' "column pair trends"): for every pair
 * of columns, the label included as one more categorical column, an association measured on each table, and the
 * absolute difference of the two.
 * <ul>
 * <li>numeric × numeric: Pearson's r, in [−1, 1], so a difference is up to 2;</li>
 * <li>categorical × categorical: Cramér's V from the contingency table, in [0, 1];</li>
 * <li>numeric × categorical: the correlation ratio η (the share of the number's spread that the category explains,
 * square-rooted), in [0, 1]: Pearson on a one-hot column would depend on which categories exist, η does not.</li>
 * </ul>
 * A column that is constant in a table has no association there (0), rather than a NaN that would poison the mean.
 * The score is the mean over pairs of 1 − difference / range (range 2 for r, 1 otherwise), in [0, 1], 1: every
 * pair's association matches.
 */
public final class PairwiseCorrelation {
    private PairwiseCorrelation() {
    }

    /** One pair's associations in each table. */
    public record PairDifference(String first, String second, String measure, double real, double synthetic, double difference) {
    }

    /**
     * @param score                  mean of 1 − difference / range over pairs, in [0, 1]
     * @param meanAbsoluteDifference mean |real − synthetic| over all pairs
     * @param pairs                  how many pairs were compared
     * @param largest                the pairs with the largest differences, largest first (at most 5)
     */
    public record Report(double score, double meanAbsoluteDifference, int pairs, List<PairDifference> largest) {
        public String summary() {
            StringBuilder s = new StringBuilder(String.format("pairwise correlation score %.4f (mean |difference| %.4f over %d pairs; largest:",
                    score, meanAbsoluteDifference, pairs));
            for (PairDifference p : largest) s.append(String.format(" %s~%s %s %.2f→%.2f", p.first(), p.second(), p.measure(), p.real(), p.synthetic()));
            return s.append(')').toString();
        }
    }

    public static Report compare(RowSchema schema, LabelledRows real, LabelledRows synthetic) {
        if (real.size() < 2 || synthetic.size() < 2) throw new IllegalArgumentException("both tables need at least two rows");
        int features = schema.columns().size();
        List<String> names = new ArrayList<>(schema.columnNames());
        names.add(schema.labelColumn());
        List<PairDifference> all = new ArrayList<>();
        double scoreSum = 0, differenceSum = 0;
        for (int a = 0; a <= features; a++) {
            for (int b = a + 1; b <= features; b++) {
                String measure = measure(schema, a, b);
                double r = association(schema, real, a, b), s = association(schema, synthetic, a, b);
                double d = Math.abs(r - s);
                all.add(new PairDifference(names.get(a), names.get(b), measure, r, s, d));
                differenceSum += d;
                scoreSum += 1 - d / (measure.equals("pearson") ? 2 : 1);
            }
        }
        all.sort(Comparator.comparingDouble(PairDifference::difference).reversed());
        return new Report(scoreSum / all.size(), differenceSum / all.size(), all.size(), List.copyOf(all.subList(0, Math.min(5, all.size()))));
    }

    private static boolean numeric(RowSchema schema, int column) {
        return column < schema.columns().size() && schema.columns().get(column).numeric();
    }

    private static int categories(RowSchema schema, int column) {
        return column < schema.columns().size() ? schema.columns().get(column).categories().size() : schema.classes().size();
    }

    private static String measure(RowSchema schema, int a, int b) {
        boolean na = numeric(schema, a), nb = numeric(schema, b);
        return na && nb ? "pearson" : na || nb ? "eta" : "cramersV";
    }

    static double association(RowSchema schema, LabelledRows t, int a, int b) {
        double[] x = values(schema, t, a), y = values(schema, t, b);
        boolean na = numeric(schema, a), nb = numeric(schema, b);
        if (na && nb) return pearson(x, y);
        if (na) return correlationRatio(x, y, categories(schema, b));
        if (nb) return correlationRatio(y, x, categories(schema, a));
        return cramersV(x, categories(schema, a), y, categories(schema, b));
    }

    private static double[] values(RowSchema schema, LabelledRows t, int column) {
        double[] v = new double[t.size()];
        for (int r = 0; r < v.length; r++) v[r] = column < schema.columns().size() ? t.rows()[r][column] : t.labels()[r];
        return v;
    }

    static double pearson(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** η = sqrt(between-category sum of squares / total sum of squares) of number x grouped by category g. */
    static double correlationRatio(double[] x, double[] g, int categories) {
        double[] sum = new double[categories];
        int[] count = new int[categories];
        for (int i = 0; i < x.length; i++) {
            sum[(int) g[i]] += x[i];
            count[(int) g[i]]++;
        }
        double m = mean(x), total = 0, between = 0;
        for (double v : x) total += (v - m) * (v - m);
        for (int k = 0; k < categories; k++) if (count[k] > 0) between += count[k] * Math.pow(sum[k] / count[k] - m, 2);
        return total == 0 ? 0 : Math.sqrt(Math.min(1, between / total));
    }

    /** V = sqrt(χ² / (n · (min(rows, columns) − 1))) over the categories that occur. */
    static double cramersV(double[] a, int ka, double[] b, int kb) {
        int n = a.length;
        double[][] table = new double[ka][kb];
        double[] ra = new double[ka], rb = new double[kb];
        for (int i = 0; i < n; i++) {
            table[(int) a[i]][(int) b[i]]++;
            ra[(int) a[i]]++;
            rb[(int) b[i]]++;
        }
        int presentA = 0, presentB = 0;
        for (double v : ra) if (v > 0) presentA++;
        for (double v : rb) if (v > 0) presentB++;
        int dof = Math.min(presentA, presentB) - 1;
        if (dof < 1) return 0;
        double chi2 = 0;
        for (int i = 0; i < ka; i++) {
            for (int j = 0; j < kb; j++) {
                if (ra[i] == 0 || rb[j] == 0) continue;
                double expected = ra[i] * rb[j] / n;
                chi2 += (table[i][j] - expected) * (table[i][j] - expected) / expected;
            }
        }
        return Math.sqrt(Math.min(1, chi2 / (n * (double) dof)));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
