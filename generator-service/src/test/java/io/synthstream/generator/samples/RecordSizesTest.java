package io.synthstream.generator.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthstream.contracts.samples.SampleFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSizesTest {
    @Test
    void samplesThatFitCountPayloadLabelsAndTheFixedParts() {
        var shape = List.of(1, 28, 28);
        // float32: 3 136 bytes + "7," per sample; fixed: 1 024 + the key and id header twice + model + shape
        long fixed = RecordSizes.FIXED + 2 * "r".length() + "m".length() + 12 * 3;
        assertEquals((1_048_576 - fixed) / 3_138, RecordSizes.samplesThatFit(SampleFormat.of("float32"), shape, 10, "r", "m", 1_048_576));
        assertEquals((1_048_576 - fixed) / 786, RecordSizes.samplesThatFit(SampleFormat.of("uint8"), shape, 10, "r", "m", 1_048_576));
        assertEquals((1_048_576 - fixed) / 787, RecordSizes.samplesThatFit(SampleFormat.of("uint8"), shape, 100, "r", "m", 1_048_576), "two-digit labels");
        assertEquals(0, RecordSizes.samplesThatFit(SampleFormat.of("float32"), shape, 10, "r", "m", 3_000));
        assertEquals(0, RecordSizes.samplesThatFit(SampleFormat.of("uint8"), shape, 10, "r", "m", 500), "not even the fixed part fits");
        assertThrows(IllegalArgumentException.class, () -> RecordSizes.samplesThatFit(SampleFormat.of("jpeg"), shape, 10, "r", "m", 1_048_576));
    }
}
