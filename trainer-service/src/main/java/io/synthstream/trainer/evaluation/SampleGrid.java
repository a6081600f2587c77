package io.synthstream.trainer.evaluation;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A PNG of generated samples: one row per class, values in [-1, 1] drawn as grey levels. */
public final class SampleGrid {
    private static final int GAP = 2;

    private SampleGrid() {
    }

    /** samples: rows × cols images of h × w, row-major, sample (r, c) at index r * cols + c. */
    public static byte[] png(float[] samples, int rows, int cols, int h, int w, int scale) {
        int cell = w * scale + GAP, cellH = h * scale + GAP;
        BufferedImage img = new BufferedImage(cols * cell + GAP, rows * cellH + GAP, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) raster.setSample(x, y, 0, 40);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int base = (r * cols + c) * h * w;
                for (int y = 0; y < h * scale; y++) {
                    for (int x = 0; x < w * scale; x++) {
                        float v = samples[base + (y / scale) * w + x / scale];
                        int grey = Math.round((Math.max(-1f, Math.min(1f, v)) + 1f) * 127.5f);
                        raster.setSample(GAP + c * cell + x, GAP + r * cellH + y, 0, grey);
                    }
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
