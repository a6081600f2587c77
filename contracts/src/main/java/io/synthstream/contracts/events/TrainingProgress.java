package io.synthstream.contracts.events;

import java.time.Instant;

/**
 * Where a training job stands. Topic {@code synthstream.training.progress}, key = jobId.
 * Loss and speed fields are null until the first step; {@code reason} is set when the job failed
 * or a candidate version was refused.
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
        Instant at) implements Event {

    public static final int SCHEMA_VERSION = 1;

    public enum State { QUEUED, RUNNING, PUBLISHING, DONE, FAILED }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    public static TrainingProgress failed(String jobId, String reason) {
        return new TrainingProgress(jobId, State.FAILED, 0, 0, null, null, null, null, null, null, reason, Instant.now());
    }
}
