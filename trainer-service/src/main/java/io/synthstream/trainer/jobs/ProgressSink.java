package io.synthstream.trainer.jobs;

import io.synthstream.contracts.events.TrainingProgress;

/** Where progress events go: the progress topic in the service, the console in the CLI. */
@FunctionalInterface
public interface ProgressSink {
    void emit(TrainingProgress progress);
}
