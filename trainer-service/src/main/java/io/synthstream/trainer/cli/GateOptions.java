package io.synthstream.trainer.cli;

import io.synthstream.trainer.evaluation.QualityFloor;
import io.synthstream.trainer.evaluation.QualityGate;
import io.synthstream.trainer.evaluation.tabular.TabularQualityGate;
import picocli.CommandLine.Option;

/**
 * The quality gate of {@code train}: on by default with the service's defaults. A job has one data set, so
 * {@code --min-label-fidelity} / {@code --min-tstr} replace its data set's floor rather than add to it.
 */
final class GateOptions {
    @Option(names = "--no-gate", description = "Publish every candidate that passes its checks (parity, shape): no quality gate "
            + "(a table's neither: no rare-class gain required).")
    boolean off;
    @Option(names = "--min-label-fidelity", description = "Quality gate: refuse versions below this label fidelity (default: the data set's "
            + "floor: mnist " + QualityGate.DEFAULT_MNIST_MIN_LABEL_FIDELITY + ", fashion-mnist " + QualityGate.DEFAULT_FASHION_MNIST_MIN_LABEL_FIDELITY
            + ", image folders " + QualityGate.DEFAULT_IMAGES_MIN_LABEL_FIDELITY + ").")
    Double minLabelFidelity;
    @Option(names = "--min-tstr", description = "Quality gate: refuse versions below this TSTR accuracy (default: the data set's floor where "
            + "TSTR is measured: mnist " + QualityGate.DEFAULT_MNIST_MIN_TSTR + ", fashion-mnist " + QualityGate.DEFAULT_FASHION_MNIST_MIN_TSTR
            + "; a value given here requires the measurement).")
    Double minTstr;
    @Option(names = "--max-frechet", defaultValue = "Infinity", description = "Quality gate: refuse versions above this Fréchet distance.")
    double maxFrechet;
    @Option(names = "--must-beat-live", negatable = true, defaultValue = QualityGate.DEFAULT_MUST_BEAT_LIVE, fallbackValue = "true",
            description = "Quality gate: refuse versions that do not beat the live one (offline: the newest kept; with --bootstrap-servers: "
                    + "as the rollout resolves it). On by default; --no-must-beat-live turns it off.")
    boolean mustBeatLive;
    @Option(names = "--min-augmentation-gain", defaultValue = QualityGate.DEFAULT_MIN_AUGMENTATION_GAIN_POINTS,
            description = "Quality gate: refuse versions whose measured augmentation gain is below this many points (default ${DEFAULT-VALUE}).")
    double minAugmentationGainPoints;

    /** The tabular gate (a table job's versions): open with --no-gate, else its default (no negative rare-class gain). */
    TabularQualityGate tabularGate() {
        return off ? TabularQualityGate.OPEN : TabularQualityGate.DEFAULT;
    }

    QualityGate gate() {
        if (off) return QualityGate.OPEN;
        double mnistFidelity = minLabelFidelity != null ? minLabelFidelity : Double.parseDouble(QualityGate.DEFAULT_MNIST_MIN_LABEL_FIDELITY);
        double fashionFidelity = minLabelFidelity != null ? minLabelFidelity
                : Double.parseDouble(QualityGate.DEFAULT_FASHION_MNIST_MIN_LABEL_FIDELITY);
        double imagesFidelity = minLabelFidelity != null ? minLabelFidelity : Double.parseDouble(QualityGate.DEFAULT_IMAGES_MIN_LABEL_FIDELITY);
        // a --min-tstr given here is required of every data set (as the service's gate-min-tstr-accuracy); the defaults apply where measured
        double mnistTstr = minTstr != null ? 0 : Double.parseDouble(QualityGate.DEFAULT_MNIST_MIN_TSTR);
        double fashionTstr = minTstr != null ? 0 : Double.parseDouble(QualityGate.DEFAULT_FASHION_MNIST_MIN_TSTR);
        return new QualityGate(new QualityFloor(0, minTstr != null ? minTstr : 0),
                QualityGate.datasetFloors(mnistFidelity, mnistTstr, fashionFidelity, fashionTstr, imagesFidelity),
                maxFrechet, mustBeatLive, minAugmentationGainPoints);
    }
}
