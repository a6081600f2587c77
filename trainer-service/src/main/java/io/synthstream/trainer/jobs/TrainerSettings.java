package io.synthstream.trainer.jobs;

import io.synthstream.trainer.evaluation.AugmentationGainMeter;
import io.synthstream.trainer.evaluation.QualityGate;
import io.synthstream.trainer.evaluation.tabular.TabularQualityGate;
import java.nio.file.Path;

/**
 * How the trainer runs jobs. workDir holds checkpoints ({@code jobs/<id>/}), kept versions
 * ({@code models/<model>/<version>/}) and the reference classifiers ({@code reference/}); the gate decides
 * which checked versions may go live; augmentationGain (null: not measured) how a version's gain on the
 * job's own labelled data is measured; tabularGate which tabular versions may be published.
 */
public record TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs, QualityGate gate,
                              int tstrSamples, int tstrEpochs, AugmentationGainMeter.Settings augmentationGain, TabularQualityGate tabularGate) {
    public TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs, QualityGate gate,
                           int tstrSamples, int tstrEpochs, AugmentationGainMeter.Settings augmentationGain) {
        this(dataDir, workDir, checkpointEverySteps, referenceEpochs, gate, tstrSamples, tstrEpochs, augmentationGain, TabularQualityGate.DEFAULT);
    }

    /** The augmentation gain measured with its default settings (on data sets small enough: TrainingJobRunner). */
    public TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs, QualityGate gate,
                           int tstrSamples, int tstrEpochs) {
        this(dataDir, workDir, checkpointEverySteps, referenceEpochs, gate, tstrSamples, tstrEpochs, AugmentationGainMeter.Settings.DEFAULT);
    }

    /** No gate, no TSTR (0 samples turns it off), no augmentation gain. */
    public TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs) {
        this(dataDir, workDir, checkpointEverySteps, referenceEpochs, QualityGate.OPEN);
    }

    public TrainerSettings(Path dataDir, Path workDir, int checkpointEverySteps, int referenceEpochs, QualityGate gate) {
        this(dataDir, workDir, checkpointEverySteps, referenceEpochs, gate, 0, 0, null);
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
