package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TrainingProgress.RefusedCandidate;
import java.util.List;
import java.util.Optional;

/**
 * A candidate version that must not be published; the message says why. A refusal by the quality gate also
 * carries each failed rule, the candidate's figures and the live version it was compared with, for the
 * progress event's {@link RefusedCandidate}; one without figures carries none. (A failed export check, ONNX
 * parity or shape, is export's {@code ExportCheckFailedException}: no candidate is made of it.)
 */
public class CandidateRejectedException extends RuntimeException {
    private final List<String> failures;
    private final QualityMetrics metrics;
    private final Long comparedWithVersion;

    public CandidateRejectedException(String message) {
        this(message, List.of(), null, null);
    }

    public CandidateRejectedException(String message, List<String> failures, QualityMetrics metrics, Long comparedWithVersion) {
        super(message);
        this.failures = List.copyOf(failures);
        this.metrics = metrics;
        this.comparedWithVersion = comparedWithVersion;
    }

    /** What the gate refused at this step, for the progress event; empty for a failed check before the gate. */
    public Optional<RefusedCandidate> refusal(long step) {
        return metrics == null ? Optional.empty() : Optional.of(new RefusedCandidate(step, failures, metrics, comparedWithVersion));
    }
}
