package io.synthstream.trainer.service;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.trainer.jobs.ProgressSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Writes progress events to {@code synthstream.training.progress}, keyed by job id, and logs them. */
@ApplicationScoped
public class ProgressEmitter implements ProgressSink {
    private static final Logger LOG = Logger.getLogger(ProgressEmitter.class);

    @Inject
    @Channel("training-progress")
    Emitter<TrainingProgress> emitter;

    @Override
    public void emit(TrainingProgress p) {
        LOG.infof("job %s %s step %d/%d D %.4f G %.4f %s%s", p.jobId(), p.state(), p.step(), p.totalSteps(),
                p.discriminatorLoss(), p.generatorLoss(), p.stepsPerSecond() == null ? "" : String.format("%.1f steps/s", p.stepsPerSecond()),
                p.reason() == null ? "" : " — " + p.reason());
        emitter.send(Message.of(p).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(p.jobId()).build()));
    }
}
