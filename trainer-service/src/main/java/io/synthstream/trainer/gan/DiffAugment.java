package io.synthstream.trainer.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Differentiable augmentation (Zhao et al., 2020, "DiffAugment"): every batch the discriminator sees,
 * real or generated, is shifted by up to 1/8 of each side and has a square of half each side cut out,
 * each sample at random. Both are linear maps of the pixels (a shift is a product with two shift
 * matrices, a cut-out a product with a mask), so G's gradient passes through them. D then cannot
 * memorise a small training set, and G is not pushed to reproduce the augmentations, since real
 * images get them too. Cleared pixels take the background value −1 (black), as MNIST-like images have.
 */
public final class DiffAugment {
    private DiffAugment() {
    }

    /** images: [N, H·W] in [-1, 1] (grey) → the same shape, augmented with draws from {@code rnd}. */
    public static NDArray apply(NDManager m, NDArray images, int height, int width, SplittableRandom rnd) {
        return apply(m, images, 1, height, width, rnd);
    }

    /**
     * images: [N, C·H·W] in [-1, 1], channel-major → the same shape, augmented with draws from {@code rnd}; the
     * channels of an image are shifted and cut alike.
     */
    public static NDArray apply(NDManager m, NDArray images, int channels, int height, int width, SplittableRandom rnd) {
        int n = (int) images.getShape().get(0);
        int maxDy = height / 8, maxDx = width / 8;
        float[] rows = new float[n * height * height];
        float[] cols = new float[n * width * width];
        float[] mask = new float[n * height * width];
        for (int i = 0; i < n; i++) {
            int dy = rnd.nextInt(-maxDy, maxDy + 1), dx = rnd.nextInt(-maxDx, maxDx + 1);
            // out[r][c] = in[r - dy][c - dx]: rows' row r has a 1 at column r - dy, cols' column c a 1 at row c - dx
            for (int r = 0; r < height; r++) if (r - dy >= 0 && r - dy < height) rows[(i * height + r) * height + r - dy] = 1f;
            for (int c = 0; c < width; c++) if (c - dx >= 0 && c - dx < width) cols[(i * width + c - dx) * width + c] = 1f;
            int ch = height / 2, cw = width / 2;
            int top = rnd.nextInt(height) - ch / 2, left = rnd.nextInt(width) - cw / 2;
            for (int r = 0; r < height; r++) {
                boolean rowCut = r >= top && r < top + ch;
                for (int c = 0; c < width; c++) {
                    mask[(i * height + r) * width + c] = rowCut && c >= left && c < left + cw ? 0f : 1f;
                }
            }
        }
        // shift in the [0, 2] range so that what is cleared or shifted in is black (0 there, −1 after)
        // one shift and mask per image, repeated over its channels: [N·C, H, W] batches of matrix products
        NDArray x = images.add(1f).reshape((long) n * channels, height, width);
        NDArray r = perChannel(m, rows, n, channels, height, height), c = perChannel(m, cols, n, channels, width, width);
        NDArray shifted = r.matMul(x).matMul(c);
        return shifted.mul(perChannel(m, mask, n, channels, height, width)).sub(1f).reshape(n, (long) channels * height * width);
    }

    /** Per-image matrices [N, a, b] as [N·C, a, b], each repeated for the image's channels. */
    private static NDArray perChannel(NDManager m, float[] perImage, int n, int channels, int a, int b) {
        if (channels == 1) return m.create(perImage, new Shape(n, a, b));
        float[] out = new float[n * channels * a * b];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < channels; ch++) System.arraycopy(perImage, i * a * b, out, (i * channels + ch) * a * b, a * b);
        }
        return m.create(out, new Shape((long) n * channels, a, b));
    }
}
