package io.synthstream.contracts.rows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a tabular generator's output row is laid out and read back: one {@link ColumnDecoding} per feature column, in
 * the {@link RowSchema}'s column order, each taking the next {@link ColumnDecoding#width()} floats. With the schema
 * it is all {@link RowDecoder} needs, so it travels with a tabular version (JSON through {@code codec.EventJson}).
 *
 * @param columns the feature columns' decodings, in the schema's order
 */
public record RowEncoding(List<ColumnDecoding> columns) {

    public RowEncoding {
        if (columns == null || columns.isEmpty()) throw new IllegalArgumentException("a row encoding needs at least one column");
        Set<String> seen = new HashSet<>();
        for (ColumnDecoding c : columns) {
            if (c == null) throw new IllegalArgumentException("a row encoding lists a null column decoding");
            if (!seen.add(c.column())) throw new IllegalArgumentException("column '" + c.column() + "' is decoded twice");
        }
        columns = List.copyOf(columns);
    }

    /** Floats per output row. */
    public int width() {
        int w = 0;
        for (ColumnDecoding c : columns) w += c.width();
        return w;
    }

    /**
     * Refuses an encoding that would read rows of {@code schema} another way than they are typed: other columns or
     * order, a categorical column not decoded one-hot with its category count, a numeric one decoded one-hot, or an
     * integral flag that differs from the schema's.
     */
    public void requireFits(RowSchema schema) {
        if (columns.size() != schema.columns().size()) {
            throw new IllegalArgumentException("the row encoding decodes " + columns.size() + " columns " + names() + ", the schema has "
                    + schema.columns().size() + " " + schema.columnNames());
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnDecoding d = columns.get(i);
            RowSchema.Column c = schema.columns().get(i);
            if (!d.column().equals(c.name())) {
                throw new IllegalArgumentException("the row encoding's column " + i + " is '" + d.column() + "', the schema's is '" + c.name() + "'");
            }
            if (c.kind() == RowSchema.Kind.CATEGORICAL) {
                if (!(d instanceof ColumnDecoding.OneHot oneHot) || oneHot.categories() != c.categories().size()) {
                    throw new IllegalArgumentException("categorical column '" + c.name() + "' of " + c.categories().size()
                            + " categories cannot be decoded by " + d);
                }
            } else if (d instanceof ColumnDecoding.OneHot || integral(d) != c.integral()) {
                throw new IllegalArgumentException("numeric column '" + c.name() + "' (integral " + c.integral() + ") cannot be decoded by " + d);
            }
        }
    }

    private static boolean integral(ColumnDecoding d) {
        if (d instanceof ColumnDecoding.ModeSpecific m) return m.integral();
        return d instanceof ColumnDecoding.Quantile q && q.integral();
    }

    private List<String> names() {
        return columns.stream().map(ColumnDecoding::column).toList();
    }
}
