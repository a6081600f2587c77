package io.synthstream.gateway;

import io.synthstream.testing.PackageCycles;
import org.junit.jupiter.api.Test;

/** The gateway's bridges → api: no package cycle. */
class PackageCyclesTest {
    @Test
    void packagesDependOneWay() {
        PackageCycles.assertNoneIn("io.synthstream.gateway");
    }
}
