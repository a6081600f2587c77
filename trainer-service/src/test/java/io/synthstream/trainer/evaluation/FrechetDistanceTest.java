package io.synthstream.trainer.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {
    static float[] gaussian(int n, int d, double mean, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) (mean + sd * r.nextGaussian());
        return x;
    }

    @Test
    void matchesTheClosedFormForGaussians() {
        int n = 20000, d = 4;
        // same distribution: ~0
        assertEquals(0, FrechetDistance.between(gaussian(n, d, 0, 1, 1), n, gaussian(n, d, 0, 1, 2), n, d), 0.01);
        // mean shifted by 1 in every dimension: d × 1²
        assertEquals(4, FrechetDistance.between(gaussian(n, d, 0, 1, 3), n, gaussian(n, d, 1, 1, 4), n, d), 0.05);
        // identity vs 4·identity covariance: d × (1 + 4 − 2·2) = d
        assertEquals(4, FrechetDistance.between(gaussian(n, d, 0, 1, 5), n, gaussian(n, d, 0, 2, 6), n, d), 0.1);
    }
}
