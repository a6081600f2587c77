package io.synthstream.trainer.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    /** Quality gate: a version goes live only with at least this label fidelity. */
    @WithDefault("0.0")
    double gateMinLabelFidelity();

    /** Quality gate: a version goes live only with at least this TSTR accuracy (0 turns the check off). */
    @WithDefault("0.0")
    double gateMinTstrAccuracy();

    /** Quality gate: a version goes live only with at most this Fréchet distance (unset: no limit). */
    @WithDefault("Infinity")
    double gateMaxFrechetDistance();

    /** Quality gate: a version goes live only if it beats the model's newest published version (TSTR, else label fidelity). */
    @WithDefault("false")
    boolean gateMustBeatLive();

    /** TSTR: synthetic samples a fresh classifier is trained on for each version (0 turns it off). */
    @WithDefault("60000")
    int tstrSamples();

    @WithDefault("3")
    int tstrEpochs();

    /** One trainer writes versions; its fixed transactional id fences a stale instance. */
    @WithDefault("synthstream-trainer")
    String transactionalId();
}
