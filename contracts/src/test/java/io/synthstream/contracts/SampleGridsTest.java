package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synthstream.contracts.codec.SampleGrids;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleGridsTest {
    /** The documented uint8 mapping (docs/events.md): round((v + 1) × 127.5) clamped to 0..255, Math.round's rounding. */
    private static int documented(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }

    @Test
    void pixelIsTheDocumentedRoundingForEveryKindOfValue() {
        float[] edges = {-1f, 1f, 0f, -0f, -1.01f, 1.01f, -2f, 2f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (float v : edges) assertEquals(documented(v), SampleGrids.pixel(v), "value " + v);
        // every value whose scaled form lies exactly on, or one ulp either side of, a rounding boundary k + 0.5
        for (int k = -2; k <= 256; k++) {
            float boundary = k + 0.5f;
            for (float x : new float[] {Math.nextDown(boundary), boundary, Math.nextUp(boundary)}) {
                float v = x / 127.5f - 1f;
                for (float w : new float[] {Math.nextDown(v), v, Math.nextUp(v)}) assertEquals(documented(w), SampleGrids.pixel(w), "value " + w);
            }
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 1_000_000; i++) {
            float v = (float) (rnd.nextDouble() * 2.4 - 1.2);
            assertEquals(documented(v), SampleGrids.pixel(v), "value " + v);
        }
    }
}
