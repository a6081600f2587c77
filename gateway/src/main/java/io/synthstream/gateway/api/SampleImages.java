package io.synthstream.gateway.api;

import io.synthstream.gateway.bridges.GenerationStore.Batch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/** Decodes sample payloads (docs/events.md) into per-sample bytes and draws PNGs. */
final class SampleImages {
    private SampleImages() {
    }

    /** Each sample of a batch as the bytes of its own format: a PNG, C×H×W uint8, or C×H×W float32 LE. */
    static List<byte[]> split(Batch b) {
        List<byte[]> out = new ArrayList<>(b.count());
        if ("png".equals(b.format())) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b.payload()))) {
                for (int i = 0; i < b.count(); i++) out.add(in.readNBytes(in.readInt()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
        int per = b.payload().length / b.count();
        for (int i = 0; i < b.count(); i++) out.add(Arrays.copyOfRange(b.payload(), i * per, (i + 1) * per));
        return out;
    }

    /** One sample as 8-bit grey pixels (H×W). */
    static int[] pixels(String format, byte[] sample, int h, int w) {
        int[] px = new int[h * w];
        switch (format) {
            case "png" -> {
                try {
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(sample));
                    img.getRaster().getPixels(0, 0, w, h, px);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case "uint8" -> {
                for (int i = 0; i < px.length; i++) px[i] = sample[i] & 0xff;
            }
            default -> {
                var fb = ByteBuffer.wrap(sample).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                for (int i = 0; i < px.length; i++) px[i] = Math.max(0, Math.min(255, Math.round((fb.get(i) + 1f) * 127.5f)));
            }
        }
        return px;
    }

    /** A grid of samples, {@code columns} per row, drawn 2× with a 2-pixel gap. */
    static byte[] grid(List<int[]> samples, int h, int w, int columns) {
        int scale = 2, gap = 2;
        int rows = Math.max(1, (samples.size() + columns - 1) / columns);
        int cols = Math.min(columns, Math.max(1, samples.size()));
        BufferedImage img = new BufferedImage(cols * (w * scale + gap) + gap, rows * (h * scale + gap) + gap, BufferedImage.TYPE_BYTE_GRAY);
        var r = img.getRaster();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) r.setSample(x, y, 0, 40);
        for (int s = 0; s < samples.size(); s++) {
            int ox = gap + (s % columns) * (w * scale + gap), oy = gap + (s / columns) * (h * scale + gap);
            int[] px = samples.get(s);
            for (int y = 0; y < h * scale; y++) for (int x = 0; x < w * scale; x++) r.setSample(ox + x, oy + y, 0, px[(y / scale) * w + x / scale]);
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
