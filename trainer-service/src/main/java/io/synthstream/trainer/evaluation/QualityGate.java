package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import java.util.Optional;

/**
 * Decides whether a checked candidate may go live: its label fidelity must reach the configured
 * minimum and, when {@code mustBeatLive}, exceed the fidelity of the model's newest published version.
 * A refused candidate is reported with its figures; it is never published.
 */
public record QualityGate(double minLabelFidelity, boolean mustBeatLive) {
    public static final QualityGate OPEN = new QualityGate(0.0, false);

    /** @throws CandidateRejectedException with the figures when the candidate may not go live */
    public void check(QualityMetrics candidate, Optional<ModelVersionPublished> live) {
        double fidelity = candidate.labelFidelity() == null ? 0 : candidate.labelFidelity();
        if (fidelity < minLabelFidelity) {
            throw new CandidateRejectedException(String.format("refused by the quality gate: label fidelity %.4f < required %.4f",
                    fidelity, minLabelFidelity));
        }
        if (mustBeatLive && live.isPresent() && live.get().metrics() != null && live.get().metrics().labelFidelity() != null) {
            double current = live.get().metrics().labelFidelity();
            if (fidelity <= current) {
                throw new CandidateRejectedException(String.format(
                        "refused by the quality gate: label fidelity %.4f does not beat the live v%d's %.4f", fidelity,
                        live.get().version(), current));
            }
        }
    }
}
