package io.synthstream.trainer.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.gan.tabular.TabularGanTraining;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A job's checkpoint folder: G, D, both Adam states and state.json (the job, the step, the last
 * published step). Written to a fresh folder and swapped in by rename, with state.json last, so a
 * crash mid-write leaves the previous checkpoint usable.
 */
public final class JobCheckpoint {
    public record State(TrainingJobRequested job, long step, long lastPublishedStep) {
    }

    private final Path dir;
    private final Path next;

    public JobCheckpoint(Path jobDir) {
        this.dir = jobDir.resolve("checkpoint");
        this.next = jobDir.resolve("checkpoint.next");
    }

    public void save(GanTraining training, TrainingJobRequested job, long lastPublishedStep) throws IOException {
        save(training.step(), training::save, job, lastPublishedStep);
    }

    /** A table job's checkpoint: its GAN's G, average, D and both Adam states ({@link TabularGanTraining#save}). */
    public void save(TabularGanTraining training, TrainingJobRequested job, long lastPublishedStep) throws IOException {
        save(training.step(), training::save, job, lastPublishedStep);
    }

    /** Writes a training's state files into a folder that exists. */
    @FunctionalInterface
    private interface StateWriter {
        void write(Path dir) throws IOException;
    }

    private void save(long step, StateWriter training, TrainingJobRequested job, long lastPublishedStep) throws IOException {
        delete(next);
        Files.createDirectories(next);
        training.write(next);
        Files.write(next.resolve("state.json"),
                EventJson.MAPPER.writeValueAsBytes(new State(job, step, lastPublishedStep)));
        delete(dir);
        Files.move(next, dir);
    }

    /** The saved state, if a complete checkpoint exists for a job with the same parameters. */
    public Optional<State> load(TrainingJobRequested job) throws IOException {
        if (!Files.exists(dir.resolve("state.json")) && Files.exists(next.resolve("state.json"))) {
            Files.move(next, dir); // crashed between delete and rename: the new one is complete
        }
        Path state = dir.resolve("state.json");
        if (!Files.exists(state)) return Optional.empty();
        State s = EventJson.MAPPER.readValue(state.toFile(), State.class);
        return sameParameters(s.job(), job) ? Optional.of(s) : Optional.empty();
    }

    public Path folder() {
        return dir;
    }

    public void discard() throws IOException {
        delete(dir);
        delete(next);
    }

    private static boolean sameParameters(TrainingJobRequested a, TrainingJobRequested b) {
        JsonNode x = EventJson.MAPPER.valueToTree(a), y = EventJson.MAPPER.valueToTree(b);
        ((com.fasterxml.jackson.databind.node.ObjectNode) x).remove("requestedAt");
        ((com.fasterxml.jackson.databind.node.ObjectNode) y).remove("requestedAt");
        return x.equals(y);
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
