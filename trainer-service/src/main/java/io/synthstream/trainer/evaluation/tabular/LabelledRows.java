package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.trainer.data.tabular.TabularDataset;
import java.util.Arrays;

/**
 * Typed rows (numbers and category indexes in the schema's column order, as in {@link TabularDataset}) with each
 * row's class index: what the tabular evaluations split, oversample and train classifiers on.
 */
public record LabelledRows(double[][] rows, int[] labels) {
    public LabelledRows {
        if (rows.length != labels.length) throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
    }

    public static LabelledRows of(TabularDataset data) {
        double[][] rows = new double[data.rowCount()][];
        for (int r = 0; r < rows.length; r++) rows[r] = data.row(r);
        return new LabelledRows(rows, data.labels());
    }

    /** {@code count} rows all of one class. */
    public static LabelledRows ofClass(double[][] rows, int label) {
        int[] labels = new int[rows.length];
        Arrays.fill(labels, label);
        return new LabelledRows(rows, labels);
    }

    public int size() {
        return rows.length;
    }

    /** The rows at these indexes, in that order (rows shared, not copied: nothing here writes into a row). */
    public LabelledRows subset(int[] indexes) {
        double[][] r = new double[indexes.length][];
        int[] l = new int[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            r[i] = rows[indexes[i]];
            l[i] = labels[indexes[i]];
        }
        return new LabelledRows(r, l);
    }

    /** These rows followed by {@code more}'s. */
    public LabelledRows concat(LabelledRows more) {
        double[][] r = Arrays.copyOf(rows, rows.length + more.rows.length);
        System.arraycopy(more.rows, 0, r, rows.length, more.rows.length);
        int[] l = Arrays.copyOf(labels, labels.length + more.labels.length);
        System.arraycopy(more.labels, 0, l, labels.length, more.labels.length);
        return new LabelledRows(r, l);
    }

    /** Rows per class index, for {@code classes} classes. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int label : labels) counts[label]++;
        return counts;
    }

    /** The rows of one class. */
    public double[][] rowsOf(int label) {
        return Arrays.stream(indexesOf(label)).mapToObj(i -> rows[i]).toArray(double[][]::new);
    }

    int[] indexesOf(int label) {
        int[] out = new int[labels.length];
        int n = 0;
        for (int i = 0; i < labels.length; i++) if (labels[i] == label) out[n++] = i;
        return Arrays.copyOf(out, n);
    }

    /** The class with the fewest rows (the lowest index on a tie) among {@code classes}. */
    public int rarestClass(int classes) {
        int[] counts = classCounts(classes);
        int rare = 0;
        for (int c = 1; c < classes; c++) if (counts[c] < counts[rare]) rare = c;
        return rare;
    }
}
