package io.synthstream.trainer.data;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The augmentation an ML engineer already applies to small digit and clothing sets: a random rotation
 * (±{@value #MAX_DEGREES}°), scale (±{@value #MAX_SCALE}) and shift (±{@value #MAX_SHIFT} px) about the
 * image's centre, resampled bilinearly by Java2D. Pixels moved in from outside are background (0).
 * No flips: a mirrored digit is another glyph.
 */
public final class ClassicAugmentation {
    public static final double MAX_DEGREES = 12;
    public static final double MAX_SCALE = 0.1;
    public static final double MAX_SHIFT = 2.5;

    private ClassicAugmentation() {
    }

    /**
     * A randomly transformed copy of the image at {@code index}, as floats in [-1, 1] written into {@code out} at
     * {@code offset}; every channel of an RGB image gets the same transform.
     */
    public static void augmentedInto(LabelledImages data, int index, SplittableRandom rnd, float[] out, int offset) {
        int h = data.height(), w = data.width(), p = h * w, first = index * data.pixelsPerImage();
        double angle = Math.toRadians(rnd.nextDouble(-MAX_DEGREES, MAX_DEGREES));
        double scale = 1 + rnd.nextDouble(-MAX_SCALE, MAX_SCALE);
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0 + rnd.nextDouble(-MAX_SHIFT, MAX_SHIFT), h / 2.0 + rnd.nextDouble(-MAX_SHIFT, MAX_SHIFT));
        t.rotate(angle);
        t.scale(scale, scale);
        t.translate(-w / 2.0, -h / 2.0);
        AffineTransformOp op = new AffineTransformOp(t, AffineTransformOp.TYPE_BILINEAR);
        for (int c = 0; c < data.channels(); c++) { // plane by plane
            BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            src.getRaster().setDataElements(0, 0, w, h, java.util.Arrays.copyOfRange(data.pixels(), first + c * p, first + (c + 1) * p));
            BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            // on the rasters: no colour-space conversion of the levels
            op.filter(src.getRaster(), dst.getRaster());
            byte[] px = (byte[]) dst.getRaster().getDataElements(0, 0, w, h, null);
            for (int j = 0; j < p; j++) out[offset + c * p + j] = (px[j] & 0xff) / 127.5f - 1f;
        }
    }
}
