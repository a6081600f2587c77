package io.synthstream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.codec.SampleHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The names that cross a process as plain strings — topic names and record header names — are declared once, in
 * contracts/; a copy written as a literal elsewhere would drift the day one side renames it. (Artifact kinds and
 * sample formats are enums in contracts, so the compiler already keeps their callers honest.) Scans a module's main
 * Java sources for a string literal equal to one of those names.
 */
public final class WireFormatLiterals {
    private static final List<Class<?>> DECLARING = List.of(Topics.class, EventHeaders.class, SampleHeaders.class);

    private WireFormatLiterals() {
    }

    /** Every topic and header name contracts declares (public static final String constants of the declaring classes). */
    public static Set<String> declaredNames() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : DECLARING) {
            for (Field f : c.getFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                    try {
                        names.add((String) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return names;
    }

    /** "file:line: literal" for each literal copy of a declared name under {@code sourceRoot}. */
    public static List<String> copiesIn(Path sourceRoot) {
        Set<String> names = declaredNames();
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    for (String name : names) {
                        if (lines.get(i).contains('"' + name + '"')) found.add(sourceRoot.relativize(file) + ":" + (i + 1) + ": \"" + name + '"');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Fails listing every copy in this module's main sources (the tests' working directory is the module's). */
    public static void assertNoneInMainSources() {
        Path main = Path.of("src", "main", "java");
        if (!Files.isDirectory(main)) throw new IllegalStateException("no " + main.toAbsolutePath() + ": run from the module's directory");
        assertEquals(List.of(), copiesIn(main), "topic and header names are declared once in contracts/ (Topics, EventHeaders, "
                + "SampleHeaders): use the constant");
    }
}
