package io.synthstream.trainer.publish;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.evaluation.VersionCandidate;

/** Where checked generator versions go: Kafka in the service, a local folder for offline CLI runs. */
public interface VersionSink {
    /** Publishes the candidate under the next version number of the job's model and returns the event. */
    ModelVersionPublished publish(TrainingJobRequested job, VersionCandidate candidate);

    /** The newest published version of a model: the next version number follows it. */
    java.util.Optional<ModelVersionPublished> newest(String model);

    /**
     * The version of a model that answers its requests now, which a candidate must beat: where versions are
     * published to Kafka the rollout decides it (a rollback pins an older one live), elsewhere the newest.
     */
    default java.util.Optional<ModelVersionPublished> live(String model) {
        return newest(model);
    }
}
