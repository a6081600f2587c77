package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.RowSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A tabular data set, typed: its {@link RowSchema}, each row's feature values in the schema's column order (the
 * number for a numeric column, the category's index for a categorical one, both as doubles so a row is one array),
 * each row's class index, the rows per class, and the missing values that were filled in.
 */
public final class TabularDataset {
    private final String source;
    private final RowSchema schema;
    private final double[][] rows;
    private final int[] labels;
    private final int[] classCounts;
    private final List<MissingValues> missing;

    /**
     * Missing values of one column and what filled them.
     *
     * @param imputedWith the value put in their place, as text: the median for a numeric column, the most
     *                    frequent category for a categorical one
     */
    public record MissingValues(String column, int count, String imputedWith) {
    }

    TabularDataset(String source, RowSchema schema, double[][] rows, int[] labels, List<MissingValues> missing) {
        this.source = source;
        this.schema = schema;
        this.rows = rows;
        this.labels = labels;
        this.classCounts = new int[schema.classes().size()];
        for (int label : labels) classCounts[label]++;
        this.missing = List.copyOf(missing);
    }

    /** The file the rows came from. */
    public String source() {
        return source;
    }

    public RowSchema schema() {
        return schema;
    }

    public int rowCount() {
        return rows.length;
    }

    /** A copy of one row's feature values, in the schema's column order. */
    public double[] row(int row) {
        return rows[row].clone();
    }

    /** One column's values over all rows. */
    public double[] column(int column) {
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) out[r] = rows[r][column];
        return out;
    }

    /** A numeric column's value. */
    public double number(int row, int column) {
        requireKind(column, RowSchema.Kind.NUMERIC);
        return rows[row][column];
    }

    /** A categorical column's category index into {@code schema().columns().get(column).categories()}. */
    public int category(int row, int column) {
        requireKind(column, RowSchema.Kind.CATEGORICAL);
        return (int) rows[row][column];
    }

    /** The row's class index into {@code schema().classes()}. */
    public int label(int row) {
        return labels[row];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Rows per class index. */
    public int classCount(int classIndex) {
        return classCounts[classIndex];
    }

    /** Rows per class name, in the schema's class order. */
    public Map<String, Integer> classCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < classCounts.length; i++) counts.put(schema.classes().get(i), classCounts[i]);
        return counts;
    }

    /** The columns that had missing values, in column order; empty when none had. */
    public List<MissingValues> missingValues() {
        return missing;
    }

    public int missingValueCount() {
        return missing.stream().mapToInt(MissingValues::count).sum();
    }

    /** One line for logs and job progress: rows, columns by kind, rows per class, missing values. */
    public String summary() {
        long numeric = schema.columns().stream().filter(RowSchema.Column::numeric).count();
        StringJoiner classes = new StringJoiner(", ");
        classCounts().forEach((name, count) -> classes.add(name + " " + count));
        StringJoiner gaps = new StringJoiner(", ");
        missing.forEach(m -> gaps.add(m.column() + " " + m.count() + " (filled with " + m.imputedWith() + ")"));
        return source + ": " + rows.length + " rows, " + schema.columns().size() + " feature columns (" + numeric + " numeric, "
                + (schema.columns().size() - numeric) + " categorical), label '" + schema.labelColumn() + "': " + classes + "; "
                + (missing.isEmpty() ? "no missing values" : missingValueCount() + " missing values: " + gaps);
    }

    private void requireKind(int column, RowSchema.Kind kind) {
        RowSchema.Column c = schema.columns().get(column);
        if (c.kind() != kind) throw new IllegalArgumentException("column '" + c.name() + "' is " + c.kind() + ", not " + kind);
    }
}
