package io.synthstream.generator;

import io.synthstream.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The generator's models → requests → samples, the exactly-once loop (exactlyonce), service and tools above them: no package cycle. */
class PackageCyclesTest {
    @Test
    void packagesDependOneWay() {
        PackageCycles.assertNoneIn("io.synthstream.generator");
    }
}
