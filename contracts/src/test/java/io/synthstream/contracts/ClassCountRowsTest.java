package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthstream.contracts.rows.ClassCountRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassCountRowsTest {
    static final int LATENT = 3;

    /** Softmax-ish output that depends on the latents and the class: each row's blocks sum to 1, the scalars in [-1, 1]. */
    static float[] output(float[] z, int[] labels) {
        float[] out = new float[labels.length * RowDecoderTest.DECODER.width()];
        for (int i = 0; i < labels.length; i++) {
            int at = i * RowDecoderTest.DECODER.width();
            float a = 1f / (1f + (float) Math.exp(-z[i * LATENT])), b = (float) Math.tanh(z[i * LATENT + 1]);
            out[at] = a * (1 - labels[i] * 0.5f);
            out[at + 1] = (1 - a) * (1 - labels[i] * 0.5f);
            out[at + 2] = labels[i] * 0.5f;
            out[at + 3] = b;
            out[at + 4] = a;
            out[at + 5] = 1 - a;
            out[at + 6] = (float) Math.tanh(z[i * LATENT + 2]);
        }
        return out;
    }

    @Test
    void labelsFollowTheCountsInClassOrder() {
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, ClassCountRows.labels(new int[] {3, 2}));
        assertArrayEquals(new int[] {1, 2, 2}, ClassCountRows.labels(new int[] {0, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> ClassCountRows.labels(new int[] {1, -1}));
    }

    @Test
    void rowsDoNotDependOnTheBatchAndLatentsAreTheSeedsDraws() {
        List<float[]> latentsSeen = new ArrayList<>();
        ClassCountRows.TabularOutput recording = (z, labels) -> {
            latentsSeen.add(z);
            return output(z, labels);
        };
        ClassCountRows one = ClassCountRows.generate(RowDecoderTest.DECODER, LATENT, new int[] {3, 2}, 42, 1000, recording);
        ClassCountRows batched = ClassCountRows.generate(RowDecoderTest.DECODER, LATENT, new int[] {3, 2}, 42, 2, ClassCountRowsTest::output);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, one.labels());
        assertEquals(5, one.size());
        for (int i = 0; i < 5; i++) assertArrayEquals(one.rows()[i], batched.rows()[i], "row " + i);

        SplittableRandom seed = new SplittableRandom(42);
        float[] expected = new float[5 * LATENT];
        for (int i = 0; i < expected.length; i++) expected[i] = (float) seed.nextGaussian();
        assertArrayEquals(expected, latentsSeen.get(0), "row i's latents: the seed's i-th draws, as a generator's request latents");

        ClassCountRows other = ClassCountRows.generate(RowDecoderTest.DECODER, LATENT, new int[] {3, 2}, 43, 1000, ClassCountRowsTest::output);
        assertFalse(Arrays.deepEquals(one.rows(), other.rows()), "another seed, other rows");
    }

    @Test
    void aSliceDecodesAsTheWholeRequestWould() {
        float[] z = new float[6 * LATENT];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
        float[] values = output(z, new int[] {0, 0, 1, 1, 1, 0});
        int w = RowDecoderTest.DECODER.width();
        double[][] all = ClassCountRows.decode(RowDecoderTest.DECODER, values, 0, 6, 9);
        double[][] tail = ClassCountRows.decode(RowDecoderTest.DECODER, Arrays.copyOfRange(values, 4 * w, 6 * w), 4, 2, 9);
        assertArrayEquals(all[4], tail[0]);
        assertArrayEquals(all[5], tail[1]);
        assertThrows(IllegalArgumentException.class, () -> ClassCountRows.decode(RowDecoderTest.DECODER, values, 0, 5, 9));
        assertFalse(ClassCountRows.rowDraws(9, 0).nextLong() == ClassCountRows.rowDraws(9, 1).nextLong());
        assertFalse(ClassCountRows.rowDraws(0, 0).nextLong() == new SplittableRandom(0).nextLong(), "apart from the latent stream");
    }
}
