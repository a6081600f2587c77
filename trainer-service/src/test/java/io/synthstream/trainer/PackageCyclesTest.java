package io.synthstream.trainer;

import io.synthstream.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The trainer's data → gan → export → evaluation → publish, with jobs, service, cli and benchmark above them: no package cycle. */
class PackageCyclesTest {
    @Test
    void packagesDependOneWay() {
        PackageCycles.assertNoneIn("io.synthstream.trainer");
    }
}
