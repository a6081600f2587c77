package io.synthstream.trainer.evaluation;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Fréchet distance between two sets of feature vectors, each summarised by its mean and covariance:
 * |μ1 − μ2|² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½). Tr((Σ1 Σ2)^½) is the sum of the square roots of the
 * eigenvalues of Σ1^½ Σ2 Σ1^½, which is symmetric, so only symmetric eigen-decompositions are needed.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /** a: n1 × d, b: n2 × d, both row-major. */
    public static double between(float[] a, int n1, float[] b, int n2, int d) {
        double[] mu1 = mean(a, n1, d), mu2 = mean(b, n2, d);
        RealMatrix s1 = covariance(a, n1, d, mu1), s2 = covariance(b, n2, d, mu2);
        double meanTerm = 0;
        for (int i = 0; i < d; i++) meanTerm += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        RealMatrix root1 = sqrtSymmetric(s1);
        RealMatrix m = root1.multiply(s2).multiply(root1);
        m = m.add(m.transpose()).scalarMultiply(0.5); // symmetric up to rounding
        double traceSqrt = 0;
        for (double ev : new EigenDecomposition(m).getRealEigenvalues()) traceSqrt += Math.sqrt(Math.max(ev, 0));
        return meanTerm + s1.getTrace() + s2.getTrace() - 2 * traceSqrt;
    }

    private static double[] mean(float[] x, int n, int d) {
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mu[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mu[j] /= n;
        return mu;
    }

    private static RealMatrix covariance(float[] x, int n, int d, double[] mu) {
        double[][] c = new double[d][d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) row[j] = x[i * d + j] - mu[j];
            for (int j = 0; j < d; j++) for (int k = j; k < d; k++) c[j][k] += row[j] * row[k];
        }
        for (int j = 0; j < d; j++) for (int k = j; k < d; k++) c[k][j] = c[j][k] /= (n - 1);
        return new Array2DRowRealMatrix(c, false);
    }

    private static RealMatrix sqrtSymmetric(RealMatrix s) {
        EigenDecomposition e = new EigenDecomposition(s);
        RealMatrix v = e.getV();
        double[] ev = e.getRealEigenvalues();
        RealMatrix diag = new Array2DRowRealMatrix(ev.length, ev.length);
        for (int i = 0; i < ev.length; i++) diag.setEntry(i, i, Math.sqrt(Math.max(ev[i], 0)));
        return v.multiply(diag).multiply(v.transpose());
    }
}
