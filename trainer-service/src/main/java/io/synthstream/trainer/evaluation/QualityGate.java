package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.AugmentationGain;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TrainingJobRequested;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a checked candidate may go live. It must reach its data set's floor and every data set's
 * floor on label fidelity and TSTR accuracy (a data set's own TSTR floor applies where TSTR is measured; the
 * every-data-set one requires it), stay under the Fréchet maximum, not lower a classifier's accuracy when its
 * augmentation gain was measured (gain at least {@code minAugmentationGainPoints}; absent = not measured = no
 * refusal on that ground), and, when {@code mustBeatLive}, beat the model's live version — as the rollout
 * resolves it, which a rollback may have made an older one — on TSTR accuracy, the figure downstream
 * classifiers care about (label fidelity when either lacks TSTR). A refused candidate is reported with all its
 * figures; it is never published. Defaults and the measurements behind them: trainer application.properties.
 */
public record QualityGate(QualityFloor everyDataset, Map<String, QualityFloor> datasetFloors, double maxFrechetDistance,
                          boolean mustBeatLive, double minAugmentationGainPoints) {
    /** Floor keys: the built-in data sets by name, every image folder ({@code images/<folder>}) under one key. */
    public static final String MNIST = "mnist", FASHION_MNIST = "fashion-mnist", IMAGE_FOLDERS = "images";

    // The defaults, as text for @WithDefault and picocli (compile-time constants); why these: application.properties.
    public static final String DEFAULT_MNIST_MIN_LABEL_FIDELITY = "0.25";
    public static final String DEFAULT_MNIST_MIN_TSTR = "0.50";
    public static final String DEFAULT_FASHION_MNIST_MIN_LABEL_FIDELITY = "0.25";
    public static final String DEFAULT_FASHION_MNIST_MIN_TSTR = "0.40";
    public static final String DEFAULT_IMAGES_MIN_LABEL_FIDELITY = "0.30";
    public static final String DEFAULT_MIN_AUGMENTATION_GAIN_POINTS = "0";
    public static final String DEFAULT_MUST_BEAT_LIVE = "true";

    /** Every rule off: what {@code gate-enabled=false} and {@code --no-gate} ask for. */
    public static final QualityGate OPEN = new QualityGate(QualityFloor.NONE, Map.of(), Double.POSITIVE_INFINITY, false,
            Double.NEGATIVE_INFINITY);

    public QualityGate {
        datasetFloors = Map.copyOf(datasetFloors);
        if (!(maxFrechetDistance > 0) || Double.isNaN(minAugmentationGainPoints)) {
            throw new IllegalArgumentException("quality gate: the Fréchet maximum must be > 0 and the minimum augmentation gain a number, got "
                    + maxFrechetDistance + ", " + minAugmentationGainPoints);
        }
    }

    /** One floor for every data set, no augmentation-gain rule. */
    public QualityGate(double minLabelFidelity, double minTstrAccuracy, double maxFrechetDistance, boolean mustBeatLive) {
        this(new QualityFloor(minLabelFidelity, minTstrAccuracy), Map.of(), maxFrechetDistance, mustBeatLive, Double.NEGATIVE_INFINITY);
    }

    /** The floors of mnist, fashion-mnist and image folders (label fidelity only: TSTR needs a real test set of a known size). */
    public static Map<String, QualityFloor> datasetFloors(double mnistFidelity, double mnistTstr, double fashionFidelity, double fashionTstr,
                                                          double imagesFidelity) {
        return Map.of(MNIST, new QualityFloor(mnistFidelity, mnistTstr), FASHION_MNIST, new QualityFloor(fashionFidelity, fashionTstr),
                IMAGE_FOLDERS, new QualityFloor(imagesFidelity, 0));
    }

    /** The floor a data set's candidates must reach of their own (the every-data-set floor comes on top). */
    public QualityFloor floorOf(String dataset) {
        String key = dataset != null && dataset.startsWith(TrainingJobRequested.IMAGE_FOLDER_PREFIX) ? IMAGE_FOLDERS : dataset;
        return key == null ? QualityFloor.NONE : datasetFloors.getOrDefault(key, QualityFloor.NONE);
    }

    /** As {@link #check(String, QualityMetrics, Optional)} for a data set with no floor of its own. */
    public void check(QualityMetrics candidate, Optional<ModelVersionPublished> live) {
        check(null, candidate, live);
    }

    /**
     * @param live the model's live version, if any
     * @throws CandidateRejectedException with each failed rule and the figures when the candidate may not go live
     */
    public void check(String dataset, QualityMetrics candidate, Optional<ModelVersionPublished> live) {
        List<String> failures = new ArrayList<>();
        QualityFloor own = floorOf(dataset);
        double fidelity = orZero(candidate.labelFidelity());
        double minFidelity = Math.max(everyDataset.minLabelFidelity(), own.minLabelFidelity());
        if (fidelity < minFidelity) failures.add(String.format("label fidelity %.4f < required %.4f", fidelity, minFidelity));
        Double tstr = candidate.tstrAccuracy();
        if (tstr == null && everyDataset.minTstrAccuracy() > 0) {
            failures.add("TSTR accuracy not measured (tstr-samples is 0) but at least " + String.format("%.4f", everyDataset.minTstrAccuracy())
                    + " is required");
        } else if (tstr != null && tstr < Math.max(everyDataset.minTstrAccuracy(), own.minTstrAccuracy())) {
            failures.add(String.format("TSTR accuracy %.4f < required %.4f", tstr, Math.max(everyDataset.minTstrAccuracy(), own.minTstrAccuracy())));
        }
        if (Double.isFinite(maxFrechetDistance)) {
            if (candidate.frechetDistance() == null) failures.add("Fréchet distance not measured");
            else if (candidate.frechetDistance() > maxFrechetDistance)
                failures.add(String.format("Fréchet distance %.3f > allowed %.3f", candidate.frechetDistance(), maxFrechetDistance));
        }
        AugmentationGain gain = candidate.augmentationGain();
        if (gain != null && gain.gainPoints() < minAugmentationGainPoints) {
            failures.add(String.format("augmentation gain %+.2f points (spread %.2f over %d seeds) < required %+.2f: its samples lower "
                    + "a classifier's accuracy", gain.gainPoints(), gain.spreadPoints(), gain.seeds(), minAugmentationGainPoints));
        }
        boolean compares = mustBeatLive && live.isPresent() && live.get().metrics() != null;
        if (compares) {
            QualityMetrics current = live.get().metrics();
            boolean byTstr = tstr != null && current.tstrAccuracy() != null;
            String figure = byTstr ? "TSTR accuracy" : "label fidelity";
            double mine = byTstr ? tstr : fidelity;
            double theirs = byTstr ? current.tstrAccuracy() : orZero(current.labelFidelity());
            if (mine <= theirs) {
                failures.add(String.format("%s %.4f does not beat the live v%d's %.4f", figure, mine, live.get().version(), theirs));
            }
        }
        if (!failures.isEmpty()) {
            throw new CandidateRejectedException("refused by the quality gate: " + String.join("; ", failures) + " (candidate: "
                    + figures(candidate) + ")", failures, candidate, compares ? live.get().version() : null);
        }
    }

    static String figures(QualityMetrics m) {
        AugmentationGain g = m.augmentationGain();
        return String.format("label fidelity %s, TSTR %s, FD %s, real-vs-real FD %s%s", pct(m.labelFidelity()), pct(m.tstrAccuracy()),
                num(m.frechetDistance()), num(m.frechetDistanceRealVsReal()),
                g == null ? "" : String.format(", augmentation gain %+.2f points", g.gainPoints()));
    }

    private static String pct(Double v) {
        return v == null ? "n/a" : String.format("%.2f %%", 100 * v);
    }

    private static String num(Double v) {
        return v == null ? "n/a" : String.format("%.2f", v);
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
