package io.synthstream.generator.bench;

import io.synthstream.testing.WireFormatLiterals;
import org.junit.jupiter.api.Test;

/** Topic and header names come from contracts/, never from a literal copy in the benchmarks. */
class WireFormatLiteralsTest {
    @Test
    void noTopicOrHeaderNameIsWrittenOutHere() {
        WireFormatLiterals.assertNoneInMainSources();
    }
}
