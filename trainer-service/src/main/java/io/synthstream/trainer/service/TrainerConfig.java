package io.synthstream.trainer.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.synthstream.trainer.evaluation.QualityGate;
import java.nio.file.Path;

@ConfigMapping(prefix = "synthstream.trainer")
public interface TrainerConfig {
    /** Folder bin/fetch-data fills. */
    @WithDefault("data")
    Path dataDir();

    /** Checkpoints, kept versions and cached reference classifiers. */
    @WithDefault(".local/trainer")
    Path workDir();

    /** DJL's native-library cache (libtorch unpacks to ~430 MB on first start). */
    @WithDefault(".local/djl-cache")
    Path djlCacheDir();

    @WithDefault("500")
    int checkpointEverySteps();

    /** 3 epochs reach ~98.8 % on MNIST's test set (~1 min on 2 cores, once per data set). */
    @WithDefault("3")
    int referenceEpochs();

    /** Quality gate on (default): false publishes every candidate that passed its checks (parity, shape). */
    @WithDefault("true")
    boolean gateEnabled();

    /** Quality gate: every data set's versions go live only with at least this label fidelity (on top of their data set's floor). */
    @WithDefault("0.0")
    double gateMinLabelFidelity();

    /** Quality gate: every data set's versions go live only with at least this TSTR accuracy, which must then be measured (0: off). */
    @WithDefault("0.0")
    double gateMinTstrAccuracy();

    /** Quality gate: MNIST versions go live only with at least this label fidelity. */
    @WithDefault(QualityGate.DEFAULT_MNIST_MIN_LABEL_FIDELITY)
    double gateMinLabelFidelityMnist();

    /** Quality gate: MNIST versions go live only with at least this TSTR accuracy, where measured. */
    @WithDefault(QualityGate.DEFAULT_MNIST_MIN_TSTR)
    double gateMinTstrAccuracyMnist();

    /** Quality gate: Fashion-MNIST versions go live only with at least this label fidelity. */
    @WithDefault(QualityGate.DEFAULT_FASHION_MNIST_MIN_LABEL_FIDELITY)
    double gateMinLabelFidelityFashionMnist();

    /** Quality gate: Fashion-MNIST versions go live only with at least this TSTR accuracy, where measured. */
    @WithDefault(QualityGate.DEFAULT_FASHION_MNIST_MIN_TSTR)
    double gateMinTstrAccuracyFashionMnist();

    /** Quality gate: versions trained on an image folder go live only with at least this label fidelity. */
    @WithDefault(QualityGate.DEFAULT_IMAGES_MIN_LABEL_FIDELITY)
    double gateMinLabelFidelityImages();

    /** Quality gate: a version goes live only with at most this Fréchet distance (unset: no limit). */
    @WithDefault("Infinity")
    double gateMaxFrechetDistance();

    /** Quality gate: a version goes live only if it beats the model's live version, as the rollout resolves it (TSTR, else label fidelity). */
    @WithDefault(QualityGate.DEFAULT_MUST_BEAT_LIVE)
    boolean gateMustBeatLive();

    /** Quality gate: a version whose augmentation gain was measured goes live only with at least this gain in points (-Infinity: off). */
    @WithDefault(QualityGate.DEFAULT_MIN_AUGMENTATION_GAIN_POINTS)
    double gateMinAugmentationGainPoints();

    /**
     * Seeds of the augmentation gain measured for jobs on labelled sets of up to 10 000 images (real only vs
     * real + the version's samples, on a validation split of the job's data); 0 turns the measurement off.
     */
    @WithDefault("3")
    int augmentationGainSeeds();

    /** Updates of each classifier the augmentation gain trains (batch 64). */
    @WithDefault("600")
    int augmentationGainSteps();

    /** TSTR: synthetic samples a fresh classifier is trained on for each version (0 turns it off). */
    @WithDefault("60000")
    int tstrSamples();

    @WithDefault("3")
    int tstrEpochs();

    /** One trainer writes versions; its fixed transactional id fences a stale instance. */
    @WithDefault("synthstream-trainer")
    String transactionalId();
}
