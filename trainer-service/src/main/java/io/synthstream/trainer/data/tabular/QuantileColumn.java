package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.ColumnDecoding;
import java.util.Arrays;
import java.util.List;

/**
 * The simpler alternative to {@link ModeSpecificColumn}: a numeric column mapped through its empirical CDF onto
 * [-0.99, 0.99] (uniform), one tanh output, and back through the inverse CDF by linear interpolation.
 *
 * @param quantiles the column's sorted values (all of them up to {@link #MAX_QUANTILES}, else evenly spaced
 *                  quantiles); position i of n stands for CDF i / (n − 1)
 */
public record QuantileColumn(double[] quantiles, boolean integral) implements ColumnEncoding {
    public static final int MAX_QUANTILES = 1000;

    public QuantileColumn {
        if (quantiles.length < 1) throw new IllegalArgumentException("no quantiles");
        quantiles = quantiles.clone();
        for (int i = 1; i < quantiles.length; i++) {
            if (quantiles[i] < quantiles[i - 1]) throw new IllegalArgumentException("quantiles must be sorted");
        }
    }

    public static QuantileColumn fit(double[] values, boolean integral) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length <= MAX_QUANTILES) return new QuantileColumn(sorted, integral);
        double[] q = new double[MAX_QUANTILES];
        for (int i = 0; i < q.length; i++) q[i] = sorted[(int) Math.round((double) i * (sorted.length - 1) / (q.length - 1))];
        return new QuantileColumn(q, integral);
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public List<OutputSpan> spans(int offset, int column) {
        return List.of(new OutputSpan(offset, 1, OutputSpan.Activation.TANH, column));
    }

    /** Ties (an integral column's repeated values) map to the middle of their run, so decoding hits the value exactly. */
    @Override
    public void encode(double value, float[] out, int offset) {
        int n = quantiles.length;
        if (n == 1) {
            out[offset] = 0f;
            return;
        }
        double position;
        int lo = lowerBound(value);
        if (lo < n && quantiles[lo] == value) {
            int hi = lo;
            while (hi + 1 < n && quantiles[hi + 1] == value) hi++;
            position = (lo + hi) / 2.0;
        } else if (lo == 0) {
            position = 0;
        } else if (lo == n) {
            position = n - 1;
        } else {
            double a = quantiles[lo - 1], b = quantiles[lo];
            position = lo - 1 + (value - a) / (b - a);
        }
        out[offset] = (float) (SCALAR_LIMIT * (2 * position / (n - 1) - 1));
    }

    @Override
    public ColumnDecoding decoding(String column) {
        return new ColumnDecoding.Quantile(column, ModeSpecificColumn.boxed(quantiles), integral);
    }

    /** The first index whose value is ≥ {@code value}. */
    private int lowerBound(double value) {
        int lo = 0, hi = quantiles.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (quantiles[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
