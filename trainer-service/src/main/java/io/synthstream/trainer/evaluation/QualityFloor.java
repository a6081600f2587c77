package io.synthstream.trainer.evaluation;

/** The least label fidelity and TSTR accuracy a candidate must reach (0 turns a figure's floor off). */
public record QualityFloor(double minLabelFidelity, double minTstrAccuracy) {
    public static final QualityFloor NONE = new QualityFloor(0, 0);

    public QualityFloor {
        if (!(minLabelFidelity >= 0 && minLabelFidelity <= 1 && minTstrAccuracy >= 0 && minTstrAccuracy <= 1)) {
            throw new IllegalArgumentException("quality gate: fidelity and TSTR minimums must lie in [0, 1], got "
                    + minLabelFidelity + ", " + minTstrAccuracy);
        }
    }
}
