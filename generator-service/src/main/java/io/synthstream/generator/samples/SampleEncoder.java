package io.synthstream.generator.samples;

import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.events.GenerationRequested;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Encodes generated samples (values in [-1, 1]) as a record payload (docs/events.md):
 * float32 — little-endian IEEE floats, sample after sample, C×H×W each;
 * uint8   — one byte per value, round((v + 1) × 127.5) clamped to 0..255;
 * png     — per sample a big-endian uint32 length then that many bytes of a grayscale PNG.
 * The grey levels of uint8 and png normally come from the generator's graph (the same rounding, computed by
 * ONNX Runtime: {@link io.synthstream.onnx.Uint8Output}); they are rounded here when only the values are at hand.
 */
public final class SampleEncoder {
    private SampleEncoder() {
    }

    /** @param greyLevels the values as uint8 grey levels, or null to round them from {@code values} */
    public static byte[] encode(String format, float[] values, byte[] greyLevels, int samples, List<Integer> shape) {
        return switch (format) {
            case GenerationRequested.FLOAT32 -> float32(values);
            case GenerationRequested.UINT8 -> greyLevels != null ? greyLevels : uint8(values);
            case GenerationRequested.PNG -> png(greyLevels != null ? greyLevels : uint8(values), samples, shape);
            default -> throw new IllegalArgumentException("unknown format " + format);
        };
    }

    static byte[] float32(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static byte[] uint8(float[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) SampleGrids.pixel(values[i]);
        return out;
    }

    static byte[] png(byte[] greyLevels, int samples, List<Integer> shape) {
        int h = shape.get(shape.size() - 2), w = shape.get(shape.size() - 1);
        int per = greyLevels.length / samples;
        if (per != h * w) throw new IllegalArgumentException("png needs single-channel samples, got shape " + shape);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            for (int s = 0; s < samples; s++) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                var raster = img.getRaster();
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) raster.setSample(x, y, 0, greyLevels[s * per + y * w + x] & 0xff);
                ByteArrayOutputStream one = new ByteArrayOutputStream();
                ImageIO.write(img, "png", one);
                out.writeInt(one.size());
                one.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toByteArray();
    }
}
