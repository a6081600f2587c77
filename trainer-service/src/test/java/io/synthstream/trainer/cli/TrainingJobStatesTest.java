package io.synthstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.Event;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.events.TrainingProgress.State;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.trainer.cli.TrainingJobStates.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What {@code models} says when no version is published: it printed nothing and exited 3. */
class TrainingJobStatesTest {
    @Test
    void aJobInFlightIsNamedWithItsStepAndHowToFollowIt() {
        String said = TrainingJobStates.noVersionYet(List.of(ended("old", State.DONE, 1L, null),
                state("bootstrap-1", progress("bootstrap-1", State.RUNNING, 1200, null, null))));
        assertEquals("no model published yet; training job bootstrap-1 is training (step 1200 of 6000) — follow it with "
                + "./synthstream follow bootstrap-1", said);
        assertTrue(TrainingJobStates.noVersionYet(List.of(state("j", progress("j", State.PUBLISHING, 3000, null, null))))
                .contains("training job j is checking a version to publish (step 3000 of 6000)"));
        assertTrue(TrainingJobStates.noVersionYet(List.of(new JobState("q", null, null)))
                .startsWith("no model published yet; training job q is waiting for the trainer — follow it with ./synthstream follow q"));
    }

    @Test
    void withNoJobInFlightItSaysWhyNoneWasPublishedAndHowToStartOne() {
        String start = " — start one with ./synthstream submit --dataset mnist --follow";
        assertEquals("no model published yet and no training job requested" + start, TrainingJobStates.noVersionYet(List.of()));
        assertEquals("no model published yet; the last training job, j, failed: no such data set" + start,
                TrainingJobStates.noVersionYet(List.of(ended("j", State.FAILED, null, "no such data set"))));
        assertEquals("no model published yet; the last training job, j, ended without publishing a version (version at step 6000 "
                + "not published: label fidelity too low)" + start, TrainingJobStates.noVersionYet(List.of(
                new JobState("j", progress("j", State.DONE, 6000, null, null), "version at step 6000 not published: label fidelity too low"))));
        assertTrue(TrainingJobStates.noVersionYet(List.of(ended("j", State.DONE, 2L, null))).contains("published m v2, since retired"));
    }

    @Test
    void readsEachJobsLatestProgressFromTheTrainingTopics() throws Exception {
        String bootstrap = KafkaBrokerTestResource.bootstrapServers();
        KafkaConnection kafka = KafkaConnection.of(bootstrap);
        TopicProvisioner.ensure(kafka);
        String running = "states-" + UUID.randomUUID(), queued = "states-" + UUID.randomUUID();
        try (var p = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            for (String id : List.of(running, queued)) send(p, Topics.TRAINING_JOBS, id, job(id));
            send(p, Topics.TRAINING_PROGRESS, running, progress(running, State.RUNNING, 100, null, "version at step 100 not published: x"));
            send(p, Topics.TRAINING_PROGRESS, running, progress(running, State.RUNNING, 200, null, null));
        }
        Map<String, JobState> read = new java.util.HashMap<>();
        TrainingJobStates.read(kafka).forEach(j -> read.put(j.jobId(), j));
        assertEquals(200, read.get(running).latest().step());
        assertEquals("version at step 100 not published: x", read.get(running).lastReason(), "a reason given on the way is kept");
        assertEquals(null, read.get(queued).latest(), "requested, no progress yet");
        String said = TrainingJobStates.noVersionYet(List.of(read.get(running), read.get(queued)));
        assertTrue(said.contains("training job " + running + " is training (step 200 of 6000)")
                && said.contains("training job " + queued + " is waiting for the trainer"), said);
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, String key, Event e) throws Exception {
        p.send(new ProducerRecord<>(topic, key, EventJson.toBytes(e))).get();
    }

    private static TrainingJobRequested job(String id) {
        return new TrainingJobRequested(id, "mnist", null, null, 6000, null, null, null, null, null, 3000, null, null, Instant.now());
    }

    private static JobState state(String id, TrainingProgress latest) {
        return new JobState(id, latest, null);
    }

    private static JobState ended(String id, State state, Long version, String reason) {
        TrainingProgress p = progress(id, state, 6000, version, reason);
        return new JobState(id, p, reason);
    }

    private static TrainingProgress progress(String id, State state, long step, Long version, String reason) {
        return new TrainingProgress(id, state, step, 6000, null, null, null, null, "m", version, reason, Instant.now());
    }
}
