package io.synthstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.Topics;
import io.synthstream.testing.WireFormatLiterals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Topic and header names come from contracts/, never from a literal copy in this module. */
class WireFormatLiteralsTest {
    @Test
    void noTopicOrHeaderNameIsWrittenOutHere() {
        WireFormatLiterals.assertNoneInMainSources();
    }

    @Test
    void aCopiedTopicNameIsFound(@TempDir Path dir) throws Exception {
        assertTrue(WireFormatLiterals.declaredNames().contains(Topics.GENERATE_SAMPLES));
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x/Reader.java"), "class Reader {\n  String t = \"" + Topics.GENERATE_SAMPLES + "\";\n}\n");
        assertEquals(List.of(Path.of("x", "Reader.java") + ":2: \"" + Topics.GENERATE_SAMPLES + '"'), WireFormatLiterals.copiesIn(dir));
    }
}
