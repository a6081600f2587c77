package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * A fitted per-column transform of typed rows (numbers and category indexes, as in {@link TabularDataset}) into
 * the float vectors a tabular GAN learns, and of generator output back into typed rows. Categorical columns are
 * one-hot; numeric ones by {@link NumericEncoding#MODE_SPECIFIC} normalisation (CTGAN) or the simpler
 * {@link NumericEncoding#QUANTILE} transform. Everything it knows is in its {@link #encodings()}: plain parameter
 * records; the inverse travels as data ({@link #rowEncoding()}) and is computed by the contracts' {@link RowDecoder}.
 */
public final class RowTransform {
    /** How numeric columns are encoded. */
    public enum NumericEncoding { MODE_SPECIFIC, QUANTILE }

    /** CTGAN's default upper bound on a column's modes. */
    public static final int MAX_MODES = 10;

    private final RowSchema schema;
    private final List<ColumnEncoding> encodings;
    private final List<OutputSpan> spans;
    private final int[] offsets;
    private final int width;
    private final RowEncoding encoding;
    private final RowDecoder decoder;

    public RowTransform(RowSchema schema, List<ColumnEncoding> encodings) {
        if (encodings.size() != schema.columns().size()) {
            throw new IllegalArgumentException(encodings.size() + " encodings for " + schema.columns().size() + " columns");
        }
        this.schema = schema;
        this.encodings = List.copyOf(encodings);
        this.offsets = new int[encodings.size()];
        List<OutputSpan> all = new ArrayList<>();
        int offset = 0;
        for (int c = 0; c < encodings.size(); c++) {
            ColumnEncoding e = encodings.get(c);
            RowSchema.Column column = schema.columns().get(c);
            boolean categorical = column.kind() == RowSchema.Kind.CATEGORICAL;
            boolean fits = e instanceof OneHotColumn oneHot ? categorical && oneHot.categories() == column.categories().size() : !categorical;
            if (!fits) {
                throw new IllegalArgumentException("column '" + column.name() + "' (" + column.kind() + ") cannot be encoded by " + e);
            }
            offsets[c] = offset;
            all.addAll(e.spans(offset, c));
            offset += e.width();
        }
        this.spans = List.copyOf(all);
        this.width = offset;
        List<ColumnDecoding> decodings = new ArrayList<>();
        for (int c = 0; c < encodings.size(); c++) decodings.add(encodings.get(c).decoding(schema.columns().get(c).name()));
        this.encoding = new RowEncoding(decodings);
        this.decoder = new RowDecoder(schema, encoding);
    }

    public static RowTransform fit(TabularDataset data, NumericEncoding numeric) {
        double[][] rows = new double[data.rowCount()][];
        for (int r = 0; r < rows.length; r++) rows[r] = data.row(r);
        return fit(data.schema(), rows, numeric);
    }

    /** Fits each column on {@code rows} (typed, in the schema's column order). */
    public static RowTransform fit(RowSchema schema, double[][] rows, NumericEncoding numeric) {
        List<ColumnEncoding> encodings = new ArrayList<>();
        for (int c = 0; c < schema.columns().size(); c++) {
            RowSchema.Column column = schema.columns().get(c);
            if (column.kind() == RowSchema.Kind.CATEGORICAL) {
                encodings.add(new OneHotColumn(column.categories().size()));
                continue;
            }
            double[] values = new double[rows.length];
            for (int r = 0; r < rows.length; r++) values[r] = rows[r][c];
            encodings.add(numeric == NumericEncoding.QUANTILE
                    ? QuantileColumn.fit(values, column.integral())
                    : GaussianMixture1D.fit(values, MAX_MODES, column.integral()));
        }
        return new RowTransform(schema, encodings);
    }

    public RowSchema schema() {
        return schema;
    }

    public List<ColumnEncoding> encodings() {
        return encodings;
    }

    /** The activation spans of an encoded row, in order, covering [0, width). */
    public List<OutputSpan> spans() {
        return spans;
    }

    /** Floats per encoded row. */
    public int width() {
        return width;
    }

    public float[] encode(double[] row) {
        float[] out = new float[width];
        for (int c = 0; c < encodings.size(); c++) encodings.get(c).encode(row[c], out, offsets[c]);
        return out;
    }

    /** How generator output is read back, as the data a version carries. */
    public RowEncoding rowEncoding() {
        return encoding;
    }

    /** The contracts' decoder of generator output (after the span activations) for this transform. */
    public RowDecoder decoder() {
        return decoder;
    }

    /** Typed values of one output row at {@code in[offset..offset+width)}, each softmax block read by its likeliest entry. */
    public double[] decode(float[] in, int offset) {
        return decoder.decodeLikeliest(in, offset);
    }

    public double[] decode(float[] in) {
        return decode(in, 0);
    }

    /** One line for logs: floats per row and each numeric column's modes. */
    public String summary() {
        StringBuilder s = new StringBuilder(width + " floats per row");
        for (int c = 0; c < encodings.size(); c++) {
            if (encodings.get(c) instanceof ModeSpecificColumn m) s.append(", ").append(schema.columns().get(c).name()).append(' ').append(m.modes()).append(" modes");
        }
        return s.toString();
    }
}
