package io.synthstream.trainer.data.tabular;

import java.util.Arrays;

/**
 * Fits a one-dimensional Gaussian mixture by EM and picks the number of modes by BIC, for
 * {@link ModeSpecificColumn}. Written here because the kept libraries do not do 1-D: commons-math3's
 * {@code MultivariateNormalMixtureExpectationMaximization} refuses data of fewer than two dimensions, and Tribuo's
 * {@code tribuo-clustering-gmm} is not on Maven Central (404 for 4.3.2). CTGAN uses a variational Bayesian mixture
 * that switches unneeded modes off; BIC over 1..maxModes plus dropping modes under {@link #MIN_WEIGHT} plays that
 * role. Deterministic: modes start at evenly spaced quantiles.
 */
public final class GaussianMixture1D {
    /** CTGAN's threshold below which a mode is dropped. */
    public static final double MIN_WEIGHT = 0.005;
    private static final int ITERATIONS = 200;
    private static final double TOLERANCE = 1e-7;

    private GaussianMixture1D() {
    }

    /** The best mixture by BIC with 1 to {@code maxModes} modes (no more than the column's distinct values). */
    public static ModeSpecificColumn fit(double[] values, int maxModes, boolean integral) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double min = sorted[0], max = sorted[sorted.length - 1];
        // A floor on σ: an integral column's spikes (or a constant column) would otherwise drive σ to 0.
        double floor = Math.max(1e-3 * (max - min), 1e-6 * Math.max(1, Math.abs(max)));
        int distinct = (int) Arrays.stream(sorted).distinct().count();
        double[][] best = null;
        double bestBic = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= Math.min(maxModes, distinct); k++) {
            double[][] fitted = em(values, sorted, k, floor);
            double bic = -2 * logLikelihood(values, fitted) + (3 * k - 1) * Math.log(values.length);
            if (bic < bestBic) {
                bestBic = bic;
                best = fitted;
            }
        }
        return pruned(best, min, max, integral);
    }

    /** {means, stds, weights} after EM from modes at evenly spaced quantiles. */
    private static double[][] em(double[] x, double[] sorted, int k, double floor) {
        int n = x.length;
        double[] mu = new double[k], sd = new double[k], w = new double[k];
        double spread = Math.max(floor, (sorted[n - 1] - sorted[0]) / (2.0 * k));
        for (int j = 0; j < k; j++) {
            mu[j] = sorted[(int) ((j + 0.5) * n / k)];
            sd[j] = spread;
            w[j] = 1.0 / k;
        }
        double[][] resp = new double[n][k];
        double previous = Double.NEGATIVE_INFINITY;
        for (int it = 0; it < ITERATIONS; it++) {
            double ll = 0;
            for (int i = 0; i < n; i++) ll += responsibilities(x[i], mu, sd, w, resp[i]);
            for (int j = 0; j < k; j++) {
                double nj = 0, sum = 0;
                for (int i = 0; i < n; i++) {
                    nj += resp[i][j];
                    sum += resp[i][j] * x[i];
                }
                if (nj < 1e-9) { // an empty mode: keep it, with no weight; pruning drops it
                    w[j] = 0;
                    continue;
                }
                mu[j] = sum / nj;
                double var = 0;
                for (int i = 0; i < n; i++) var += resp[i][j] * (x[i] - mu[j]) * (x[i] - mu[j]);
                sd[j] = Math.max(floor, Math.sqrt(var / nj));
                w[j] = nj / n;
            }
            if (Math.abs(ll - previous) <= TOLERANCE * Math.abs(ll)) break;
            previous = ll;
        }
        return new double[][] {mu, sd, w};
    }

    /** Fills {@code out} with P(mode | x) and returns log p(x). */
    private static double responsibilities(double x, double[] mu, double[] sd, double[] w, double[] out) {
        double maxLog = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < mu.length; j++) {
            double z = (x - mu[j]) / sd[j];
            out[j] = w[j] > 0 ? Math.log(w[j]) - Math.log(sd[j]) - 0.5 * z * z - 0.5 * Math.log(2 * Math.PI) : Double.NEGATIVE_INFINITY;
            maxLog = Math.max(maxLog, out[j]);
        }
        double sum = 0;
        for (int j = 0; j < mu.length; j++) {
            out[j] = Math.exp(out[j] - maxLog);
            sum += out[j];
        }
        for (int j = 0; j < mu.length; j++) out[j] /= sum;
        return maxLog + Math.log(sum);
    }

    private static double logLikelihood(double[] x, double[][] m) {
        double[] scratch = new double[m[0].length];
        double ll = 0;
        for (double v : x) ll += responsibilities(v, m[0], m[1], m[2], scratch);
        return ll;
    }

    /**
     * Drops modes under {@link #MIN_WEIGHT} and merges twins: two modes started on the same spike of an integral
     * column cannot separate, and would otherwise split its rows by chance.
     */
    private static ModeSpecificColumn pruned(double[][] m, double min, double max, boolean integral) {
        int k = m[0].length;
        double[] mu = new double[k], sd = new double[k], w = new double[k];
        int kept = 0;
        double total = 0;
        for (int j = 0; j < k; j++) {
            if (m[2][j] < MIN_WEIGHT) continue;
            int twin = -1;
            for (int o = 0; o < kept; o++) {
                if (Math.abs(mu[o] - m[0][j]) <= 1e-6 * (1 + Math.abs(mu[o])) && Math.abs(sd[o] - m[1][j]) <= 1e-6 * sd[o]) twin = o;
            }
            if (twin >= 0) {
                w[twin] += m[2][j];
            } else {
                mu[kept] = m[0][j];
                sd[kept] = m[1][j];
                w[kept++] = m[2][j];
            }
            total += m[2][j];
        }
        for (int j = 0; j < kept; j++) w[j] /= total;
        return new ModeSpecificColumn(Arrays.copyOf(mu, kept), Arrays.copyOf(sd, kept), Arrays.copyOf(w, kept), min, max, integral);
    }
}
