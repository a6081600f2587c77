package io.synthstream.trainer.gan.tabular;

/**
 * Generated rows, typed like {@code TabularDataset}'s (numbers, category indexes), with the class of each.
 *
 * @param rows   feature values in the schema's column order
 * @param labels each row's class index
 */
public record GeneratedRows(double[][] rows, int[] labels) {
    public int size() {
        return rows.length;
    }
}
