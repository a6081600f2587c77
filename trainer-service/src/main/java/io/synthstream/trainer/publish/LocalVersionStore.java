package io.synthstream.trainer.publish;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.export.GeneratorExport;
import io.synthstream.trainer.evaluation.VersionCandidate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Keeps each published version on disk beside the trainer: {@code <models>/<model>/<version>/} with
 * model.onnx, grid.png and version.json (the event). As a {@link VersionSink} it is the offline
 * CLI's publisher: numbers continue from the highest folder present, and with no rollout offline the newest
 * version is the live one a candidate must beat.
 */
public final class LocalVersionStore implements VersionSink {
    private final Path modelsDir;

    public LocalVersionStore(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    @Override
    public synchronized ModelVersionPublished publish(TrainingJobRequested job, VersionCandidate candidate) {
        long version = highestVersion(modelsDir.resolve(job.modelName())) + 1;
        ModelVersionPublished event = PublishedVersions.event(job, candidate, version);
        keep(modelsDir, event, candidate);
        return event;
    }

    @Override
    public java.util.Optional<ModelVersionPublished> newest(String model) {
        long v = highestVersion(modelsDir.resolve(model));
        if (v == 0) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(EventJson.fromBytes(Files.readAllBytes(modelsDir.resolve(model).resolve(Long.toString(v))
                    .resolve("version.json")), ModelVersionPublished.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long highestVersion(Path modelDir) {
        if (!Files.isDirectory(modelDir)) return 0;
        try (Stream<Path> s = Files.list(modelDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void keep(Path modelsDir, ModelVersionPublished event, VersionCandidate candidate) {
        Path dir = modelsDir.resolve(event.modelName()).resolve(Long.toString(event.version()));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(GeneratorExport.ONNX_FILE), candidate.onnx());
            if (candidate.previewPng() != null) Files.write(dir.resolve("grid.png"), candidate.previewPng());
            Files.write(dir.resolve("version.json"), EventJson.toBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + event.key() + " in " + dir, e);
        }
    }

    public static Path folder(Path modelsDir, ModelVersionPublished e) {
        return modelsDir.resolve(e.modelName()).resolve(Long.toString(e.version()));
    }
}
