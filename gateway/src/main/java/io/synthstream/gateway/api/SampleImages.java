package io.synthstream.gateway.api;

import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.gateway.bridges.GenerationStore.Batch;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/** Decodes sample payloads (docs/events.md) into per-sample bytes and grey-level pixels. */
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
                for (int i = 0; i < px.length; i++) px[i] = SampleGrids.pixel(fb.get(i));
            }
        }
        return px;
    }
}
