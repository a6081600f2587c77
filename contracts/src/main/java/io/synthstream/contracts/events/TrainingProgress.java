package io.synthstream.contracts.events;

import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import java.time.Instant;
import java.util.List;

/**
 * Where a training job stands. Topic {@code synthstream.training.progress}, key = jobId.
 * Loss and speed fields are null until the first step; {@code reason} is set when the job failed
 * or a candidate version was refused. {@code refusedCandidate} is set (with {@code reason}) on the event
 * that reports a candidate the quality gate refused: its figures and each rule it failed; null otherwise
 * and in events written before the field.
 */
public record TrainingProgress(
        String jobId,
        State state,
        long step,
        long totalSteps,
        Double discriminatorLoss,
        Double generatorLoss,
        Double stepsPerSecond,
        Double etaSeconds,
        String modelName,
        Long publishedVersion,
        String reason,
        Instant at,
        RefusedCandidate refusedCandidate) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public enum State { QUEUED, RUNNING, PUBLISHING, DONE, FAILED }

    public TrainingProgress(String jobId, State state, long step, long totalSteps, Double discriminatorLoss, Double generatorLoss,
                            Double stepsPerSecond, Double etaSeconds, String modelName, Long publishedVersion, String reason, Instant at) {
        this(jobId, state, step, totalSteps, discriminatorLoss, generatorLoss, stepsPerSecond, etaSeconds, modelName, publishedVersion,
                reason, at, null);
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public static TrainingProgress failed(String jobId, String reason) {
        return new TrainingProgress(jobId, State.FAILED, 0, 0, null, null, null, null, null, null, reason, Instant.now());
    }

    /** The same event, reporting a candidate the quality gate refused (null: none). */
    public TrainingProgress withRefusedCandidate(RefusedCandidate refused) {
        return new TrainingProgress(jobId, state, step, totalSteps, discriminatorLoss, generatorLoss, stepsPerSecond, etaSeconds, modelName,
                publishedVersion, reason, at, refused);
    }

    /**
     * A candidate version the quality gate refused: it was never published. step: the training step it was
     * taken at; failures: each rule it failed, in words ("label fidelity 0.4100 < required 0.8000");
     * metrics: all its figures; comparedWithVersion: the model's live version it was compared with (null when
     * none was live or the gate does not compare).
     */
    public record RefusedCandidate(long step, List<String> failures, QualityMetrics metrics, Long comparedWithVersion) {
    }
}
