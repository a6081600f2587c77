package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.samples.SampleFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** RGB samples ([3, H, W], channel-major): every format round-trips them, png and grids are colour images. */
class ColourSamplesTest {
    private static final List<Integer> SHAPE = List.of(3, 4, 5);

    /** Two samples: the first pure red, the second noise. */
    private static float[] samples() {
        float[] v = new float[2 * 60];
        for (int i = 0; i < 60; i++) v[i] = i < 20 ? 1f : -1f;
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 60; i < 120; i++) v[i] = (float) rnd.nextDouble(-1, 1);
        return v;
    }

    @Test
    void everyFormatDecodesRgbSamplesToTheLevelsTheyWereEncodedFrom() {
        float[] values = samples();
        for (SampleFormat f : SampleFormat.imageFormats()) {
            List<byte[]> split = f.split(f.encode(values, null, 2, SHAPE), 2);
            for (int s = 0; s < 2; s++) {
                int[] expected = new int[60];
                for (int i = 0; i < 60; i++) expected[i] = SampleFormat.greyLevel(values[s * 60 + i]);
                assertArrayEquals(expected, f.levels(split.get(s), 3, 4, 5), f + " sample " + s);
            }
        }
        assertEquals(2 * 60 * 4, SampleFormat.FLOAT32.encode(values, null, 2, SHAPE).length, "float32: 4 bytes per value of C·H·W");
    }

    @Test
    void anRgbPngIsAColourImageWithinItsBound() throws IOException {
        byte[] noise = new byte[3 * 3 * 64 * 64];
        new SplittableRandom(1).nextBytes(noise);
        List<Integer> shape = List.of(3, 64, 64);
        byte[] payload = SampleFormat.PNG.encode(null, noise, 3, shape);
        assertTrue(payload.length <= 3 * SampleFormat.PNG.payloadBytesPerSample(shape), "bound " + SampleFormat.PNG.payloadBytesPerSample(shape));
        BufferedImage red = ImageIO.read(new ByteArrayInputStream(SampleFormat.PNG.split(SampleFormat.PNG.encode(samples(), null, 2, SHAPE), 2).get(0)));
        assertEquals(3, red.getColorModel().getNumColorComponents());
        assertEquals(0xff0000, red.getRGB(2, 2) & 0xffffff, "channel 0 is red");
    }

    @Test
    void anRgbGridIsInColour() throws IOException {
        byte[] png = SampleGrids.png(SampleGrids.pixels(samples(), 3, 4, 5), 3, 4, 5, 10);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(3, img.getColorModel().getNumColorComponents());
        int p = img.getRGB(3, 3); // inside the first (red) sample, drawn 2× from (2, 2)
        assertEquals(0xff0000, p & 0xffffff);
        byte[] grey = SampleGrids.png(SampleGrids.pixels(new float[20], 4, 5), 4, 5, 10);
        assertEquals(1, ImageIO.read(new ByteArrayInputStream(grey)).getColorModel().getNumColorComponents(), "grey stays grey");
    }
}
