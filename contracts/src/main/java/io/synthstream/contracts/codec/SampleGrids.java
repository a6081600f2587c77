package io.synthstream.contracts.codec;

import io.synthstream.contracts.samples.SampleFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The PNG grids of samples synthstream shows (version previews, generation grids): {@code columns}
 * samples per row, each drawn 2× with a 2-pixel gap on a dark background.
 */
public final class SampleGrids {
    private static final int SCALE = 2;
    private static final int GAP = 2;

    private SampleGrids() {
    }

    /** A generator value in [-1, 1] as an 8-bit grey level: {@link SampleFormat#greyLevel}, the uint8 format's rounding. */
    public static int pixel(float v) {
        return SampleFormat.greyLevel(v);
    }

    /** Consecutive samples of h × w values in [-1, 1] as grey-level pixel arrays. */
    public static List<int[]> pixels(float[] values, int h, int w) {
        return pixels(values, 1, h, w);
    }

    /** Consecutive samples of c × h × w values in [-1, 1] (channel-major) as 8-bit level arrays of the same layout. */
    public static List<int[]> pixels(float[] values, int c, int h, int w) {
        int per = c * h * w, n = values.length / per;
        List<int[]> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            int[] px = new int[per];
            for (int i = 0; i < px.length; i++) px[i] = pixel(values[s * per + i]);
            out.add(px);
        }
        return out;
    }

    /** Grey-level samples (h × w each) as one PNG, {@code columns} per row. */
    public static byte[] png(List<int[]> samples, int h, int w, int columns) {
        return png(samples, 1, h, w, columns);
    }

    /**
     * Samples of c × h × w levels (channel-major) as one PNG, {@code columns} per row: grey for c = 1, colour for
     * c = 3 (the planes are red, green, blue).
     */
    public static byte[] png(List<int[]> samples, int c, int h, int w, int columns) {
        if (c != 1 && c != 3) throw new IllegalArgumentException("a grid needs grey (1) or RGB (3) channels, got " + c);
        int rows = Math.max(1, (samples.size() + columns - 1) / columns);
        int cols = Math.min(columns, Math.max(1, samples.size()));
        BufferedImage img = new BufferedImage(cols * (w * SCALE + GAP) + GAP, rows * (h * SCALE + GAP) + GAP,
                c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        var r = img.getRaster(); // band b: grey, or red, green, blue
        for (int b = 0; b < c; b++) for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) r.setSample(x, y, b, 40);
        int plane = h * w;
        for (int s = 0; s < samples.size(); s++) {
            int ox = GAP + (s % columns) * (w * SCALE + GAP), oy = GAP + (s / columns) * (h * SCALE + GAP);
            int[] px = samples.get(s);
            for (int b = 0; b < c; b++) {
                for (int y = 0; y < h * SCALE; y++) {
                    for (int x = 0; x < w * SCALE; x++) r.setSample(ox + x, oy + y, b, px[b * plane + (y / SCALE) * w + x / SCALE]);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
