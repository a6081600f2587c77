package io.synthstream.generator.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordSizesTest {
    @Test
    void aPngNeverOutgrowsItsBoundEvenForNoise() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (List<Integer> shape : List.of(List.of(1, 28, 28), List.of(1, 64, 64), List.of(1, 256, 256), List.of(1, 3, 500))) {
            int values = shape.get(1) * shape.get(2);
            byte[] noise = new byte[3 * values];
            rnd.nextBytes(noise);
            byte[] encoded = SampleEncoder.png(noise, 3, shape);
            long bound = RecordSizes.payloadBytesPerSample("png", shape);
            assertTrue(encoded.length <= 3 * bound, shape + ": " + encoded.length + " > 3 × " + bound);
            assertTrue(3 * bound < 3 * (values + 4 + shape.get(1) + 600L) + 3L * 17 * (values / 8192 + 1), "and the bound stays close: " + bound);
        }
    }

    @Test
    void samplesThatFitCountPayloadLabelsAndTheFixedParts() {
        var shape = List.of(1, 28, 28);
        // float32: 3 136 bytes + "7," per sample; fixed: 1 024 + the key and id header twice + model + shape
        long fixed = RecordSizes.FIXED + 2 * "r".length() + "m".length() + 12 * 3;
        assertEquals((1_048_576 - fixed) / 3_138, RecordSizes.samplesThatFit("float32", shape, 10, "r", "m", 1_048_576));
        assertEquals((1_048_576 - fixed) / 786, RecordSizes.samplesThatFit("uint8", shape, 10, "r", "m", 1_048_576));
        assertEquals((1_048_576 - fixed) / 787, RecordSizes.samplesThatFit("uint8", shape, 100, "r", "m", 1_048_576), "two-digit labels");
        assertEquals(0, RecordSizes.samplesThatFit("float32", shape, 10, "r", "m", 3_000));
        assertEquals(0, RecordSizes.samplesThatFit("uint8", shape, 10, "r", "m", 500), "not even the fixed part fits");
        assertThrows(IllegalArgumentException.class, () -> RecordSizes.samplesThatFit("jpeg", shape, 10, "r", "m", 1_048_576));
    }
}
