package io.synthstream.trainer.jobs;

import java.nio.file.Path;

/**
 * How the trainer runs jobs. workDir holds checkpoints ({@code jobs/<id>/}), kept versions
 * ({@code models/<model>/<version>/}) and the reference classifiers ({@code reference/}).
 */
public record TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs) {
    public Path jobsDir() {
        return workDir.resolve("jobs");
    }

    public Path modelsDir() {
        return workDir.resolve("models");
    }

    public Path referenceDir() {
        return workDir.resolve("reference");
    }
}
