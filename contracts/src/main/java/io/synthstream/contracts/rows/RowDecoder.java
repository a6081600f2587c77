package io.synthstream.contracts.rows;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The one decoder of tabular generator output: turns a row of floats (after the generator's span activations: tanh
 * scalars, softmax probabilities) into typed values per the {@link RowSchema}, as described by a
 * {@link RowEncoding}: a number clipped to its column's range and rounded when integral, or a category index. The
 * trainer's transform and every service decode through it, so the inverse transform is written once.
 *
 * <p>A softmax block is read one of two ways: {@link #decode} draws the category (or mode) from its probabilities
 * with one uniform number per block, taken whatever the values, so two runtimes' outputs decoded with equally seeded
 * sources consume them in step; {@link #decodeLikeliest} takes the most probable one.
 */
public final class RowDecoder {
    private final RowSchema schema;
    private final List<ColumnDecoding> columns;
    private final int[] offsets;
    private final int width;

    /** @throws IllegalArgumentException when the encoding does not fit the schema ({@link RowEncoding#requireFits}) */
    public RowDecoder(RowSchema schema, RowEncoding encoding) {
        encoding.requireFits(schema);
        this.schema = schema;
        this.columns = encoding.columns();
        this.offsets = new int[columns.size()];
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            offsets[c] = offset;
            offset += columns.get(c).width();
        }
        this.width = offset;
    }

    public RowSchema schema() {
        return schema;
    }

    /** Floats per output row. */
    public int width() {
        return width;
    }

    /** The typed row that output {@code values[offset..offset+width)} stands for, softmax blocks drawn with {@code random}. */
    public double[] decode(float[] values, int offset, RandomGenerator random) {
        return decode(values, offset, random, false);
    }

    /** As {@link #decode}, each softmax block read by its most probable entry (the first of equals). */
    public double[] decodeLikeliest(float[] values, int offset) {
        return decode(values, offset, null, true);
    }

    private double[] decode(float[] values, int offset, RandomGenerator random, boolean likeliest) {
        if (offset < 0 || offset + width > values.length) {
            throw new IllegalArgumentException("a row of " + width + " floats at " + offset + " does not fit in " + values.length);
        }
        double[] row = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            int at = offset + offsets[c];
            ColumnDecoding d = columns.get(c);
            if (d instanceof ColumnDecoding.OneHot oneHot) {
                row[c] = choose(values, at, oneHot.categories(), random, likeliest);
            } else if (d instanceof ColumnDecoding.ModeSpecific m) {
                int k = choose(values, at + 1, m.means().size(), random, likeliest);
                double alpha = clip(values[at], -1, 1);
                row[c] = typed(m.means().get(k) + alpha * ColumnDecoding.ModeSpecific.SCALE_STDS * m.stds().get(k), m.min(), m.max(), m.integral());
            } else {
                row[c] = quantile((ColumnDecoding.Quantile) d, values[at]);
            }
        }
        return row;
    }

    /** The inverse CDF: the scalar's place on [-limit, limit] as a position in the table, interpolated. */
    private static double quantile(ColumnDecoding.Quantile q, float scalar) {
        List<Double> table = q.quantiles();
        int n = table.size();
        double min = table.get(0), max = table.get(n - 1);
        double position = (clip(scalar / ColumnDecoding.SCALAR_LIMIT, -1, 1) + 1) / 2 * (n - 1);
        int i = (int) Math.floor(position);
        if (i >= n - 1) return typed(max, min, max, q.integral());
        return typed(table.get(i) + (position - i) * (table.get(i + 1) - table.get(i)), min, max, q.integral());
    }

    /**
     * An index into the block {@code values[from..from+n)}: its argmax, or a draw by inverse CDF from the block's
     * values scaled by their sum (softmax output sums to 1 up to rounding). A value that is not a positive finite
     * number counts as 0; a block of zeros falls back on its argmax, so no row is lost to a degenerate block.
     */
    private static int choose(float[] values, int from, int n, RandomGenerator random, boolean likeliest) {
        int best = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (values[from + i] > values[from + best]) best = i;
            total += weight(values[from + i]);
        }
        if (likeliest) return best;
        double u = random.nextDouble() * total; // drawn even for a degenerate block, to keep sources in step
        if (!(total > 0)) return best;
        for (int i = 0; i < n; i++) {
            u -= weight(values[from + i]);
            if (u < 0) return i;
        }
        for (int i = n - 1; i >= 0; i--) if (weight(values[from + i]) > 0) return i; // u ran past the end by rounding
        return best;
    }

    private static double weight(float v) {
        return v > 0 && Float.isFinite(v) ? v : 0;
    }

    private static double clip(double x, double min, double max) {
        return Math.max(min, Math.min(max, x));
    }

    /** A number clipped to the column's range, rounded for an integral column. */
    private static double typed(double x, double min, double max, boolean integral) {
        double clipped = clip(x, min, max);
        return integral ? Math.rint(clipped) : clipped;
    }
}
