package io.synthstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.ParameterException;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ./synthstream train|submit|follow|models|retire} line of the project's Markdown code blocks parses
 * with this CLI: an example once showed {@code follow --job-id <id>}, an option that does not exist.
 */
class DocumentedCommandsTest {
    /** A code line running one of the commands ./synthstream hands to this CLI unchanged; a trailing # comment left out. */
    private static final Pattern COMMAND = Pattern.compile("^\\./synthstream ((?:train|submit|follow|models|retire)\\b[^#]*)");

    @Test
    void everyDocumentedCommandParses() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> checked = new ArrayList<>(), refused = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Stream.of(root.resolve("README.md")),
                Stream.concat(Files.walk(root.resolve("docs")), Files.walk(root.resolve("examples"))))) {
            for (Path md : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                for (String line : Files.readAllLines(md)) {
                    Matcher m = COMMAND.matcher(line.strip());
                    if (!m.find()) continue;
                    // a placeholder such as <the id submit printed> stands for one word
                    String[] args = m.group(1).replaceAll("<[^>]*>", "x").trim().split("\\s+");
                    checked.add(line);
                    try {
                        TrainerCli.commandLine().parseArgs(args);
                    } catch (ParameterException e) {
                        refused.add(root.relativize(md) + ": " + line.strip() + " — " + e.getMessage());
                    }
                }
            }
        }
        assertTrue(checked.size() >= 5, "the documents show these commands: " + checked);
        assertTrue(refused.isEmpty(), String.join("\n", refused));
    }
}
