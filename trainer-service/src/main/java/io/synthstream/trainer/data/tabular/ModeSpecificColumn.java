package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.ColumnDecoding;
import java.util.Arrays;
import java.util.List;

/**
 * CTGAN's mode-specific normalisation of a numeric column (Xu et al. 2019): a Gaussian mixture fitted to the
 * column; a value is encoded as its most likely mode (one-hot) and its place within that mode,
 * α = (x − μ) / (4σ) clipped to ±0.99. A multi-modal or skewed column thus becomes a choice plus a bounded
 * scalar, which a generator's tanh and softmax reproduce far better than one min-max scaled number.
 *
 * @param means   the modes' means
 * @param stds    their standard deviations (floored, so spikes of an integral column stay finite)
 * @param weights their mixing weights (sum 1)
 * @param min     the smallest observed value: decoding clips to [min, max]
 * @param max     the largest observed value
 */
public record ModeSpecificColumn(double[] means, double[] stds, double[] weights, double min, double max, boolean integral)
        implements ColumnEncoding {
    /** α is measured in units of 4σ, CTGAN's choice: nearly every value of a mode lands inside [-1, 1]. */
    public static final double SCALE_STDS = ColumnDecoding.ModeSpecific.SCALE_STDS;

    public ModeSpecificColumn {
        if (means.length < 1 || stds.length != means.length || weights.length != means.length) {
            throw new IllegalArgumentException("modes: " + means.length + " means, " + stds.length + " stds, " + weights.length + " weights");
        }
        means = means.clone();
        stds = stds.clone();
        weights = weights.clone();
    }

    public int modes() {
        return means.length;
    }

    @Override
    public int width() {
        return 1 + means.length;
    }

    @Override
    public List<OutputSpan> spans(int offset, int column) {
        return List.of(new OutputSpan(offset, 1, OutputSpan.Activation.TANH, column),
                new OutputSpan(offset + 1, means.length, OutputSpan.Activation.SOFTMAX, column));
    }

    @Override
    public void encode(double value, float[] out, int offset) {
        int k = likeliestMode(value);
        double alpha = (value - means[k]) / (SCALE_STDS * stds[k]);
        out[offset] = (float) Math.max(-SCALAR_LIMIT, Math.min(SCALAR_LIMIT, alpha));
        for (int i = 0; i < means.length; i++) out[offset + 1 + i] = i == k ? 1f : 0f;
    }

    @Override
    public ColumnDecoding decoding(String column) {
        return new ColumnDecoding.ModeSpecific(column, boxed(means), boxed(stds), min, max, integral);
    }

    static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** argmax_k of w_k · N(x; μ_k, σ_k), in logs. */
    int likeliestMode(double x) {
        int best = 0;
        double bestLog = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < means.length; k++) {
            double z = (x - means[k]) / stds[k];
            double log = Math.log(weights[k]) - Math.log(stds[k]) - 0.5 * z * z;
            if (log > bestLog) {
                bestLog = log;
                best = k;
            }
        }
        return best;
    }
}
