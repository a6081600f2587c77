package io.synthstream.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.samples.SampleFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The generation grid the sample explorer shows: in colour for an RGB version's samples, in every format. */
class GenerationGridTest {
    static final int H = 4, W = 5;

    /** Two samples of [3, H, W]: one pure green, one pure blue. */
    static float[] greenThenBlue() {
        float[] v = new float[2 * 3 * H * W];
        java.util.Arrays.fill(v, -1f);
        for (int i = 0; i < H * W; i++) {
            v[H * W + i] = 1f; // sample 0, green plane
            v[3 * H * W + 2 * H * W + i] = 1f; // sample 1, blue plane
        }
        return v;
    }

    @Test
    void rgbSamplesMakeAColourGridInEveryFormat() throws Exception {
        List<Integer> shape = List.of(3, H, W);
        for (SampleFormat f : SampleFormat.imageFormats()) {
            byte[] payload = f.encode(greenThenBlue(), null, 2, shape);
            var batch = new SampleBatch("r", "m", 1, 0, 1, 0, 2, List.of(0, 1), shape, f, 1L, true, payload);
            BufferedImage grid = ImageIO.read(new ByteArrayInputStream(GenerationResource.gridOf(List.of(batch))));
            assertEquals(3, grid.getColorModel().getNumColorComponents(), f.wireName());
            // samples drawn 2× from x = 2 and x = 2 + 2·W + 2, y = 2
            assertEquals(0x00ff00, grid.getRGB(3, 3) & 0xffffff, f + ": first sample green");
            assertEquals(0x0000ff, grid.getRGB(2 + 2 * W + 2 + 1, 3) & 0xffffff, f + ": second sample blue");
        }
    }

    @Test
    void greySamplesStayAGreyGrid() throws Exception {
        List<Integer> shape = List.of(1, H, W);
        var batch = new SampleBatch("r", "m", 1, 0, 1, 0, 1, List.of(0), shape, SampleFormat.PNG, 1L, true,
                SampleFormat.PNG.encode(new float[H * W], null, 1, shape));
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(GenerationResource.gridOf(List.of(batch))));
        assertEquals(1, grid.getColorModel().getNumColorComponents());
    }
}
