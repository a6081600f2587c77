package io.synthstream.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.trainer.jobs.TrainingJobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes training jobs one at a time from {@code synthstream.training.jobs}. The offset is committed
 * only when a job has ended, so a trainer killed mid-job gets it again and resumes from its checkpoint.
 * A payload that is not a job fails with a progress event (keyed by the record key) and the next job runs.
 */
@ApplicationScoped
public class TrainingJobConsumer {
    @Inject
    TrainingJobRunner runner;
    @Inject
    ProgressEmitter progress;
    @Inject
    MeterRegistry metrics;

    @Incoming("training-jobs")
    @Blocking
    public void onJob(ConsumerRecord<String, byte[]> record) {
        TrainingJobRequested job;
        try {
            job = EventJson.fromBytes(record.value(), TrainingJobRequested.class);
        } catch (MalformedEventException e) {
            progress.emit(TrainingProgress.failed(record.key() == null ? "unknown" : record.key(), e.getMessage()));
            metrics.counter("synthstream.trainer.jobs", "outcome", "malformed").increment();
            return;
        }
        var published = runner.run(job, progress);
        metrics.counter("synthstream.trainer.jobs", "outcome", "ended").increment();
        metrics.counter("synthstream.trainer.versions.published").increment(published.size());
    }
}
