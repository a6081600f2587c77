package io.synthstream.trainer.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiffAugmentTest {
    @BeforeAll
    static void djl() {
        DjlRuntime.configure(null);
    }

    @Test
    void eachImageIsShiftedWithinAnEighthOfItsSideAndPartlyClearedToBlack() {
        int h = 16, w = 16, n = 64;
        float[] x = new float[n * h * w];
        java.util.Arrays.fill(x, -1f);
        for (int i = 0; i < n; i++) x[i * h * w + 8 * w + 8] = 1f; // one white pixel at (8, 8)
        try (NDManager m = NDManager.newBaseManager(Engine.getEngine(DjlRuntime.PYTORCH).defaultDevice(), DjlRuntime.PYTORCH)) {
            float[] out = DiffAugment.apply(m, m.create(x, new Shape(n, h * w)), h, w, new SplittableRandom(1)).toFloatArray();
            int kept = 0, moved = 0;
            for (int i = 0; i < n; i++) {
                int white = -1, others = 0;
                for (int j = 0; j < h * w; j++) {
                    float v = out[i * h * w + j];
                    assertTrue(v == -1f || v == 1f, "a shift and a cut-out only move and clear pixels, got " + v);
                    if (v == 1f) white = j;
                }
                if (white >= 0) {
                    kept++;
                    int r = white / w, c = white % w;
                    assertTrue(Math.abs(r - 8) <= h / 8 && Math.abs(c - 8) <= w / 8, "moved to " + r + "," + c);
                    if (r != 8 || c != 8) moved++;
                }
                assertEquals(0, others);
            }
            assertTrue(kept > n / 4 && kept < n, "the cut-out (a quarter of the area) clears the pixel in some images only: " + kept);
            assertTrue(moved > kept / 2, "most kept pixels moved: " + moved + " of " + kept);
        }
    }

    @Test
    void gradientsFlowThroughTheAugmentation() {
        int h = 8, w = 8, n = 4;
        try (NDManager m = NDManager.newBaseManager(Engine.getEngine(DjlRuntime.PYTORCH).defaultDevice(), DjlRuntime.PYTORCH)) {
            var x = m.randomUniform(-1f, 1f, new Shape(n, h * w));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine(DjlRuntime.PYTORCH).newGradientCollector()) {
                gc.backward(DiffAugment.apply(m, x, h, w, new SplittableRandom(2)).sum());
            }
            float[] g = x.getGradient().toFloatArray();
            double total = 0;
            for (float v : g) {
                assertTrue(v == 0f || v == 1f, "each input pixel lands on at most one output pixel");
                total += v;
            }
            assertTrue(total > 0.3 * n * h * w, "most pixels stay in view and uncut: " + total);
        }
    }
}
