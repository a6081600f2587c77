package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import java.util.List;
import java.util.SplittableRandom;

/** Small tables whose rare class is known: it sits higher on x, and mostly in category "b". */
final class TabularFixtures {
    static final RowSchema SCHEMA = new RowSchema(List.of(Column.numeric("x", false), Column.numeric("count", true),
            Column.categorical("kind", List.of("a", "b", "c"))), "y", List.of("common", "rare"));

    private TabularFixtures() {
    }

    /** {@code n} rows, a share {@code rareShare} of class 1; {@code overlap} is how far the classes' x means are apart in sds. */
    static LabelledRows table(int n, double rareShare, double separation, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int y = rnd.nextDouble() < rareShare ? 1 : 0;
            double x = gaussian(rnd) + (y == 1 ? separation : 0);
            double count = Math.rint(Math.max(0, 5 + 2 * gaussian(rnd) + (y == 1 ? 1 : 0)));
            double kind = y == 1 ? (rnd.nextDouble() < 0.7 ? 1 : rnd.nextInt(3)) : rnd.nextInt(3);
            rows[i] = new double[] {x, count, kind};
            labels[i] = y;
        }
        return new LabelledRows(rows, labels);
    }

    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
