package io.synthstream.trainer.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.codec.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;

/**
 * A benchmark's figures in one JSON file, written again (atomically) as soon as each figure exists, so
 * that a run stopped at any moment resumes where it stopped: a figure already in the file is not
 * measured again. The settings the figures were measured with are kept beside them; a run with another
 * recipe refuses the file rather than mixing figures of two setups. Settings that only choose which
 * figures to measure (named in {@code scope}: their keys already say which data set, N or subset they are)
 * may differ, so a run can be extended, e.g. from one subset to three.
 */
final class BenchFigures {
    private final Path file;
    private final ObjectNode root;

    private BenchFigures(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    static BenchFigures open(Path file, ObjectNode settings, java.util.Set<String> scope) throws IOException {
        if (Files.exists(file)) {
            ObjectNode root = (ObjectNode) EventJson.MAPPER.readTree(file.toFile());
            if (!recipe(settings, scope).equals(recipe((ObjectNode) root.get("settings"), scope))) {
                throw new IllegalArgumentException(file + " holds figures measured with other settings (" + root.get("settings")
                        + "); give another --out folder, or delete the file to start again");
            }
            root.set("settings", settings);
            return new BenchFigures(file, root);
        }
        ObjectNode root = EventJson.MAPPER.createObjectNode();
        root.set("settings", settings);
        root.putObject("figures");
        Files.createDirectories(file.getParent());
        BenchFigures f = new BenchFigures(file, root);
        f.write();
        return f;
    }

    private static ObjectNode recipe(ObjectNode settings, java.util.Set<String> scope) {
        ObjectNode r = settings == null ? EventJson.MAPPER.createObjectNode() : settings.deepCopy();
        r.remove(scope);
        return r;
    }

    JsonNode get(String key) {
        return root.get("figures").get(key);
    }

    boolean has(String key) {
        return root.get("figures").has(key);
    }

    /** The stored figure, or measures it, stores it and writes the file. */
    ObjectNode figure(String key, Supplier<ObjectNode> measure) {
        JsonNode known = get(key);
        if (known != null) return (ObjectNode) known;
        ObjectNode value = measure.get();
        put(key, value);
        return value;
    }

    void put(String key, ObjectNode value) {
        ((ObjectNode) root.get("figures")).set(key, value);
        write();
    }

    ObjectNode newNode() {
        return EventJson.MAPPER.createObjectNode();
    }

    private void write() {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
