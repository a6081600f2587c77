package io.synthstream.trainer.gan.tabular;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training-by-sampling over the label: draws a class by the settings' rule, then a real row of that class, so
 * that the discriminator sees the rare class often enough for the generator to learn it.
 */
final class ConditionSampler {
    private final int[][] rowsByClass;
    /** Cumulative class probabilities. */
    private final double[] cumulative;

    ConditionSampler(int[] labels, int classes, TabularGanSettings.ConditionSampling rule) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int r = 0; r < labels.length; r++) byClass.get(labels[r]).add(r);
        this.rowsByClass = new int[classes][];
        double[] weight = new double[classes];
        for (int c = 0; c < classes; c++) {
            rowsByClass[c] = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            int n = rowsByClass[c].length;
            weight[c] = n == 0 ? 0 : switch (rule) {
                case LOG_FREQUENCY -> Math.log1p(n);
                case UNIFORM -> 1;
                case EMPIRICAL -> n;
            };
        }
        double total = 0;
        for (double w : weight) total += w;
        this.cumulative = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) cumulative[c] = (sum += weight[c]) / total;
    }

    int drawClass(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        for (int c = 0; c < cumulative.length - 1; c++) if (u < cumulative[c] && rowsByClass[c].length > 0) return c;
        for (int c = cumulative.length - 1; c >= 0; c--) if (rowsByClass[c].length > 0) return c;
        throw new IllegalStateException("no rows");
    }

    int drawRow(int classIndex, SplittableRandom rnd) {
        int[] rows = rowsByClass[classIndex];
        return rows[rnd.nextInt(rows.length)];
    }

    /** The probability of each class. */
    double[] probabilities() {
        double[] p = new double[cumulative.length];
        for (int c = 0; c < p.length; c++) p[c] = cumulative[c] - (c == 0 ? 0 : cumulative[c - 1]);
        return p;
    }
}
