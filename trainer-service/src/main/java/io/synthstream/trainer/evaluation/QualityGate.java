package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a checked candidate may go live. It must reach the configured label fidelity and
 * TSTR accuracy and stay under the configured Fréchet distance (0 / 0 / infinity turn a threshold
 * off); when {@code mustBeatLive}, it must also beat the model's newest published version on TSTR
 * accuracy, the figure downstream classifiers care about (label fidelity when either lacks TSTR).
 * A refused candidate is reported with all its figures; it is never published.
 */
public record QualityGate(double minLabelFidelity, double minTstrAccuracy, double maxFrechetDistance, boolean mustBeatLive) {
    public static final QualityGate OPEN = new QualityGate(0.0, 0.0, Double.POSITIVE_INFINITY, false);

    public QualityGate {
        if (minLabelFidelity < 0 || minLabelFidelity > 1 || minTstrAccuracy < 0 || minTstrAccuracy > 1 || !(maxFrechetDistance > 0)) {
            throw new IllegalArgumentException("quality gate: fidelity and TSTR minimums must lie in [0, 1] and the Fréchet maximum be > 0, got "
                    + minLabelFidelity + ", " + minTstrAccuracy + ", " + maxFrechetDistance);
        }
    }

    /** @throws CandidateRejectedException with the figures when the candidate may not go live */
    public void check(QualityMetrics candidate, Optional<ModelVersionPublished> live) {
        List<String> failures = new ArrayList<>();
        double fidelity = orZero(candidate.labelFidelity());
        if (fidelity < minLabelFidelity) failures.add(String.format("label fidelity %.4f < required %.4f", fidelity, minLabelFidelity));
        if (minTstrAccuracy > 0) {
            if (candidate.tstrAccuracy() == null) failures.add("TSTR accuracy not measured (tstr-samples is 0) but at least "
                    + String.format("%.4f", minTstrAccuracy) + " is required");
            else if (candidate.tstrAccuracy() < minTstrAccuracy)
                failures.add(String.format("TSTR accuracy %.4f < required %.4f", candidate.tstrAccuracy(), minTstrAccuracy));
        }
        if (Double.isFinite(maxFrechetDistance)) {
            if (candidate.frechetDistance() == null) failures.add("Fréchet distance not measured");
            else if (candidate.frechetDistance() > maxFrechetDistance)
                failures.add(String.format("Fréchet distance %.3f > allowed %.3f", candidate.frechetDistance(), maxFrechetDistance));
        }
        if (mustBeatLive && live.isPresent() && live.get().metrics() != null) {
            QualityMetrics current = live.get().metrics();
            boolean byTstr = candidate.tstrAccuracy() != null && current.tstrAccuracy() != null;
            String figure = byTstr ? "TSTR accuracy" : "label fidelity";
            double mine = byTstr ? candidate.tstrAccuracy() : fidelity;
            double theirs = byTstr ? current.tstrAccuracy() : orZero(current.labelFidelity());
            if (mine <= theirs) {
                failures.add(String.format("%s %.4f does not beat the live v%d's %.4f", figure, mine, live.get().version(), theirs));
            }
        }
        if (!failures.isEmpty()) {
            throw new CandidateRejectedException("refused by the quality gate: " + String.join("; ", failures) + " (candidate: "
                    + figures(candidate) + ")");
        }
    }

    static String figures(QualityMetrics m) {
        return String.format("label fidelity %s, TSTR %s, FD %s, real-vs-real FD %s", pct(m.labelFidelity()), pct(m.tstrAccuracy()),
                num(m.frechetDistance()), num(m.frechetDistanceRealVsReal()));
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
