package io.synthstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository this module sits in, and YAML reading. Tests run with the module directory as working directory. */
final class Repo {
    static final Path ROOT = findRoot();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Repo() {
    }

    private static Path findRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("contracts")) && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("deploy-validation"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the synthstream repository above " + here);
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of a (multi-document) YAML file, as objects. */
    static List<ObjectNode> readYamlDocuments(Path file) {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) continue;
                if (!doc.isObject()) throw new IllegalArgumentException(file + ": a document is not a mapping: " + doc);
                docs.add((ObjectNode) doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    static JsonNode readYaml(Path file) {
        List<ObjectNode> docs = readYamlDocuments(file);
        if (docs.size() != 1) throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
        return docs.get(0);
    }

    static JsonNode parseYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse YAML: " + text, e);
        }
    }
}
