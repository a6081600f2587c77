package io.synthstream.generator.requests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelLease;
import io.synthstream.generator.samples.RecordSizes;
import io.synthstream.generator.samples.SampleRecords;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An RGB version (sample shape [3, H, W]) is served in colour: 3·H·W values per sample, RGB PNGs, sizes from the full shape. */
class RgbServingTest {
    static final int H = 12, W = 10, PER = 3 * H * W;
    @TempDir
    Path tmp;

    @Test
    void anRgbVersionAnswersFloat32Uint8AndColourPng() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        List<Integer> shape = List.of(3, H, W);
        var event = new ModelVersionPublished("rgb", 1, null, null, TestModelPublisher.contract(TestModelPublisher.LATENT, shape), null, "t",
                "images/rgb", "t", Instant.now());
        LoadedGenerator g = new GeneratorLoader(Device.cpu(), tmp).load(event,
                TestGenerators.linearTanh(TestModelPublisher.LATENT, TestModelPublisher.CLASSES, 3, H, W, 1, 0f));
        try {
            assertEquals(PER, g.sampleSize());
            Map<String, DynamicBatcher.Slice> slices = new HashMap<>();
            new DynamicBatcher(512, 256, n -> { }).run(List.of(plan(g, "f", 4, SampleFormat.FLOAT32), plan(g, "u", 4, SampleFormat.UINT8),
                    plan(g, "p", 4, SampleFormat.PNG)), s -> slices.put(s.request().request().requestId(), s));
            float[] values = slices.get("f").values();
            assertEquals(4 * PER, values.length, "3·H·W values per sample");

            SampleBatch f = batch(SampleRecords.samples(slices.get("f")).value(), SampleFormat.FLOAT32, shape);
            assertEquals(4 * PER * 4, f.payload().length, "float32: 4 bytes per value of the full shape");
            assertEquals(4 * SampleFormat.FLOAT32.payloadBytesPerSample(shape), f.payload().length);
            assertEquals(4 * SampleFormat.FLOAT32.payloadBytesPerSample(shape), RecordSizes.answerBytes(4, SampleFormat.FLOAT32, shape));
            byte[] uint8 = SampleRecords.samples(slices.get("u")).value();
            assertEquals(4 * PER, uint8.length);

            List<byte[]> pngs = batch(SampleRecords.samples(slices.get("p")).value(), SampleFormat.PNG, shape).samples();
            boolean coloured = false;
            for (int s = 0; s < 4; s++) {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(pngs.get(s)));
                assertEquals(3, img.getColorModel().getNumColorComponents(), "an RGB PNG");
                assertEquals(W, img.getWidth());
                int[] expected = new int[PER];
                for (int i = 0; i < PER; i++) expected[i] = SampleGrids.pixel(values[s * PER + i]);
                assertArrayEquals(expected, SampleFormat.PNG.levels(pngs.get(s), 3, H, W), "sample " + s + ": planes red, green, blue");
                int p = img.getRGB(3, 4);
                assertEquals(expected[4 * W + 3], (p >> 16) & 0xff, "red is channel 0");
                assertEquals(expected[2 * H * W + 4 * W + 3], p & 0xff, "blue is channel 2");
                coloured |= expected[4 * W + 3] != expected[H * W + 4 * W + 3];
            }
            assertTrue(coloured, "the channels differ");
        } finally {
            g.release();
        }
    }

    private static PlannedRequest plan(LoadedGenerator g, String id, int count, SampleFormat format) {
        var r = new GenerationRequested(id, g.modelName(), null, count, null, null, 9L, format.wireName(), null);
        return new PlannedRequest(r, ModelLease.take(g).orElseThrow(), r.resolveLabels(10), 9L, "t", 0, 0);
    }

    /** The payload as a client reads it back from its record. */
    private static SampleBatch batch(byte[] payload, SampleFormat format, List<Integer> shape) {
        var b = new SampleBatch("r", "rgb", 1, 0, 1, 0, 4, List.of(0, 1, 2, 3), shape, format, 9L, true, payload);
        var rec = b.record("t", 0);
        var read = SampleBatch.of(new ConsumerRecord<>("t", 0, 0, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0,
                rec.key(), rec.value(), rec.headers(), java.util.Optional.empty()));
        assertEquals(shape, read.shape());
        return read;
    }
}
