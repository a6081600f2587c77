package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.samples.SampleFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleFormatTest {
    @Test
    void aPngNeverOutgrowsItsBoundEvenForNoise() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (List<Integer> shape : List.of(List.of(1, 28, 28), List.of(1, 64, 64), List.of(1, 256, 256), List.of(1, 3, 500))) {
            int values = shape.get(1) * shape.get(2);
            byte[] noise = new byte[3 * values];
            rnd.nextBytes(noise);
            byte[] encoded = SampleFormat.PNG.encode(null, noise, 3, shape);
            long bound = SampleFormat.PNG.payloadBytesPerSample(shape);
            assertTrue(encoded.length <= 3 * bound, shape + ": " + encoded.length + " > 3 × " + bound);
            assertTrue(3 * bound < 3 * (values + 4 + shape.get(1) + 600L) + 3L * 17 * (values / 8192 + 1), "and the bound stays close: " + bound);
        }
    }

    @Test
    void everyFormatDecodesToTheGreyLevelsItWasEncodedFrom() {
        var shape = List.of(1, 2, 3);
        float[] values = {-1f, -0.5f, 0f, 0.25f, 0.5f, 1f, 1f, 0.5f, 0.25f, 0f, -0.5f, -1f};
        int[][] expected = new int[2][6];
        for (int i = 0; i < values.length; i++) expected[i / 6][i % 6] = SampleFormat.greyLevel(values[i]);
        for (SampleFormat f : SampleFormat.imageFormats()) {
            List<byte[]> samples = f.split(f.encode(values, null, 2, shape), 2);
            assertEquals(2, samples.size(), f.wireName());
            for (int s = 0; s < 2; s++) assertArrayEquals(expected[s], f.greyLevels(samples.get(s), 2, 3), f + " sample " + s);
        }
    }

    @Test
    void formatsAreNamedAsRequestsNameThem() {
        assertEquals(SampleFormat.UINT8, SampleFormat.of("uint8"));
        assertEquals("float32", SampleFormat.FLOAT32.wireName());
        assertTrue(SampleFormat.named("jpeg").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SampleFormat.of("jpeg"));
        assertEquals(SampleFormat.ROWS_JSON, SampleFormat.of("rows-json"));
    }

    @Test
    void rowsJsonIsTheOnlyFormatOfTabularVersions() {
        for (SampleFormat f : SampleFormat.imageFormats()) {
            assertTrue(f.servesVersion(false) && !f.servesVersion(true), f.wireName());
        }
        assertTrue(SampleFormat.ROWS_JSON.servesVersion(true) && !SampleFormat.ROWS_JSON.servesVersion(false));
        assertThrows(IllegalArgumentException.class, () -> SampleFormat.ROWS_JSON.encode(new float[2], null, 1, List.of(2)));
        assertThrows(IllegalArgumentException.class, () -> SampleFormat.ROWS_JSON.payloadBytesPerSample(List.of(2)));
        var request = new io.synthstream.contracts.events.GenerationRequested("r", "m", null, 1, null, null, null, null, null);
        assertEquals(SampleFormat.FLOAT32, request.formatOrDefault(false), "no format: float32 of an image version");
        assertEquals(SampleFormat.ROWS_JSON, request.formatOrDefault(true), "rows-json of a tabular one");
        assertTrue(request.problems(10).isEmpty());
    }
}
