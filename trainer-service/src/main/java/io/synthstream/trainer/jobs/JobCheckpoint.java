package io.synthstream.trainer.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.gan.ResumableTraining;
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

    public void save(ResumableTraining training, TrainingJobRequested job, long lastPublishedStep) throws IOException {
        delete(next);
        Files.createDirectories(next);
        training.save(next);
        Files.write(next.resolve("state.json"),
                EventJson.MAPPER.writeValueAsBytes(new State(job, training.step(), lastPublishedStep)));
        delete(dir);
        Files.move(next, dir);
    }

    /**
     * Restores {@code training} from this checkpoint when it was saved for a job with the same parameters (else
     * discards it, and the job starts over); answers the last step a version was published at (0: none yet).
     */
    public long resume(ResumableTraining training, TrainingJobRequested job) throws IOException {
        var saved = load(job);
        if (saved.isEmpty()) {
            discard();
            return 0;
        }
        training.restore(dir, saved.get().step());
        return saved.get().lastPublishedStep();
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

    private void discard() throws IOException {
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
