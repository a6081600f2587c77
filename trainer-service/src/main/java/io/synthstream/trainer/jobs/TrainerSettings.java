package io.synthstream.trainer.jobs;

import io.synthstream.trainer.evaluation.QualityGate;
import java.nio.file.Path;

/**
 * How the trainer runs jobs. workDir holds checkpoints ({@code jobs/<id>/}), kept versions
 * ({@code models/<model>/<version>/}) and the reference classifiers ({@code reference/}); the gate decides
 * which checked versions may go live.
 */
public record TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs, QualityGate gate,
                              int tstrSamples, int tstrEpochs) {
    /** No gate, no TSTR (0 samples turns it off). */
    public TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs) {
        this(dataDir, workDir, checkpointEverySteps, referenceEpochs, QualityGate.OPEN);
    }

    public TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs, QualityGate gate) {
        this(dataDir, workDir, checkpointEverySteps, referenceEpochs, gate, 0, 0);
    }

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
