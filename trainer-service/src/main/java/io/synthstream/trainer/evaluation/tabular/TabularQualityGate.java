package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.trainer.evaluation.CandidateRejectedException;
import java.util.List;

/**
 * Which tabular versions may be published: one whose rare-class rows make classifiers worse at the rare class than
 * the real rows alone (minority F1 gain below {@code minMinorityF1Gain}, 0 by default) is refused, as the image
 * {@code QualityGate} refuses, so the refusal reaches the progress event.
 */
public record TabularQualityGate(double minMinorityF1Gain) {
    public static final TabularQualityGate DEFAULT = new TabularQualityGate(0.0);
    /** No rule: what {@code gate-enabled=false} and {@code --no-gate} ask for, as of the image gate (QualityGate.OPEN). */
    public static final TabularQualityGate OPEN = new TabularQualityGate(Double.NEGATIVE_INFINITY);

    /** @throws CandidateRejectedException when the version may not be published */
    public void check(TabularVersion rows, QualityMetrics metrics) {
        if (minMinorityF1Gain == Double.NEGATIVE_INFINITY) return; // open: even a gain that could not be measured passes
        double gain = rows.rareClassGain().minorityF1Gain();
        if (!(gain >= minMinorityF1Gain)) {
            String failure = String.format("rare-class minority F1 gain %+.4f < required %+.4f", gain, minMinorityF1Gain);
            throw new CandidateRejectedException("refused by the quality gate: " + failure, List.of(failure), metrics, null);
        }
    }
}
