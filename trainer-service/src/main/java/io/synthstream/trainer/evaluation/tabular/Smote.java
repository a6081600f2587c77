package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * SMOTE (Chawla et al. 2002) for mixed rows, the baseline a generator's rare-class rows must beat. Written here
 * because no kept Java library fits: Smile's SMOTE takes continuous features only, Weka's is a separate package
 * built on Weka's own data classes. A new row takes a random rare row and one of its k nearest rare neighbours:
 * numbers at a uniform point on the segment between them (rounded for integral columns), each category the most
 * frequent among the k neighbours (SMOTE-NC's rule; a tie keeps the base row's). Distances are Euclidean on the
 * standardised numbers and one-hot categories ({@link ClassifierFeatures}, fitted on all training rows), so a
 * category mismatch weighs as much as √2 standard deviations.
 */
public final class Smote implements RareClassGain.RareRowSampler {
    private final RowSchema schema;
    private final double[][] rare;
    private final int[][] neighbours;

    private Smote(RowSchema schema, double[][] rare, int[][] neighbours) {
        this.schema = schema;
        this.rare = rare;
        this.neighbours = neighbours;
    }

    /** Fits on {@code training}'s rows of {@code rareClass}: their k nearest rare neighbours (fewer when there are fewer rows). */
    public static Smote fit(RowSchema schema, LabelledRows training, int rareClass, int k) {
        ClassifierFeatures space = ClassifierFeatures.fit(schema, training.rows());
        double[][] rare = training.rowsOf(rareClass);
        if (rare.length < 2) throw new IllegalArgumentException("SMOTE needs at least two rows of the rare class, not " + rare.length);
        double[][] points = Arrays.stream(rare).map(space::vector).toArray(double[][]::new);
        int kk = Math.min(k, rare.length - 1);
        int[][] neighbours = new int[rare.length][];
        for (int i = 0; i < rare.length; i++) neighbours[i] = nearest(points, i, kk);
        return new Smote(schema, rare, neighbours);
    }

    /** The rare-class generator SMOTE is, for {@link RareClassGain}. */
    public static RareClassGain.RareRowGenerator generator(int k) {
        return (schema, training, rareClass, fold, seed) -> fit(schema, training, rareClass, k);
    }

    @Override
    public double[][] sample(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] out = new double[count][];
        for (int n = 0; n < count; n++) {
            int base = rnd.nextInt(rare.length);
            int[] near = neighbours[base];
            double[] other = rare[near[rnd.nextInt(near.length)]];
            double gap = rnd.nextDouble();
            double[] row = new double[rare[base].length];
            for (int c = 0; c < row.length; c++) {
                RowSchema.Column column = schema.columns().get(c);
                if (column.numeric()) {
                    double v = rare[base][c] + gap * (other[c] - rare[base][c]);
                    row[c] = column.integral() ? Math.rint(v) : v;
                } else {
                    row[c] = vote(near, c, (int) rare[base][c], column.categories().size());
                }
            }
            out[n] = row;
        }
        return out;
    }

    private int vote(int[] near, int column, int own, int categories) {
        int[] votes = new int[categories];
        for (int j : near) votes[(int) rare[j][column]]++;
        int best = own;
        for (int k = 0; k < categories; k++) if (votes[k] > votes[best]) best = k;
        return best;
    }

    /** Indexes of the k points nearest to point i (i itself left out), nearest first. */
    private static int[] nearest(double[][] points, int i, int k) {
        Integer[] order = new Integer[points.length - 1];
        double[] d = new double[points.length];
        for (int j = 0, o = 0; j < points.length; j++) {
            if (j == i) continue;
            double s = 0;
            for (int x = 0; x < points[i].length; x++) s += (points[i][x] - points[j][x]) * (points[i][x] - points[j][x]);
            d[j] = s;
            order[o++] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]) != 0 ? Double.compare(d[a], d[b]) : Integer.compare(a, b));
        int[] out = new int[k];
        for (int n = 0; n < k; n++) out[n] = order[n];
        return out;
    }
}
