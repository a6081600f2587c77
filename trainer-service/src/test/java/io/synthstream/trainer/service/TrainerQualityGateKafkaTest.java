package io.synthstream.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.events.TrainingProgress.State;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The trainer service's quality gate on a real broker: a candidate worse than the version the rollout has live
 * never reaches the model topics, so no generator can load it — even when it beats the newest published version,
 * which a rollback has taken out of service.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(GatedSyntheticDataResource.class)
class TrainerQualityGateKafkaTest {
    static final String MODEL = "gate-e2e";
    /** The first job may train the reference classifier (minutes on 2 busy cores). */
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static QualityMetrics figures(double fidelity, Double tstr) {
        return new QualityMetrics(fidelity, 100, 0.99, 0.0, 1000, null, null, 5.0, 1.0, tstr, tstr == null ? null : 200);
    }

    @Test
    void aCandidateWorseThanTheLiveVersionIsNeverPublishedAndTheRolloutDecidesWhichIsLive() throws Exception {
        KafkaConnection kafka = KafkaConnection.of(Map.of("bootstrap.servers", bootstrap));
        try (var publisher = new TestModelPublisher(bootstrap)) {
            publisher.publish(MODEL, 1, figures(1.0, 1.0));  // perfect: nothing beats it
            publisher.publish(MODEL, 2, figures(0.0, null)); // broken, compared by label fidelity: any candidate beats it
        }
        KafkaTopics.send(bootstrap, Topics.MODEL_ROLLOUT, MODEL, EventJson.toBytes(
                new ModelRolloutChanged(MODEL, ModelRolloutChanged.IMMEDIATE, 1L, null, "rollback from v2", Instant.now())));

        KafkaTopics.send(bootstrap, Topics.TRAINING_JOBS, "gate-worse",
                EventJson.toBytes(TrainerKafkaEndToEndTest.job("gate-worse", "mnist", MODEL, 30, 32)));
        List<TrainingProgress> progress = KafkaTopics.progressUntilEnd(bootstrap, "gate-worse", JOB_TIMEOUT);
        assertEquals(State.DONE, progress.get(progress.size() - 1).state(), progress.toString());
        assertNull(progress.get(progress.size() - 1).publishedVersion(), "nothing published");
        var refused = progress.stream().map(TrainingProgress::refusedCandidate).filter(r -> r != null).toList();
        assertEquals(1, refused.size(), progress.toString());
        assertEquals(30, refused.get(0).step());
        assertEquals(1L, refused.get(0).comparedWithVersion(), "compared with the pinned live v1, not the newest v2");
        assertTrue(refused.get(0).failures().stream().anyMatch(f -> f.contains("does not beat the live v1's 1.0000")), refused.toString());
        assertTrue(refused.get(0).metrics().tstrAccuracy() != null && refused.get(0).metrics().labelFidelity() != null);
        assertEquals(Set.of(1L, 2L), ModelTopicSnapshot.versions(kafka, MODEL).keySet(), "the refused candidate is not on the model topic");
        assertTrue(KafkaTopics.readUntil(bootstrap, Topics.MODEL_ARTIFACTS, rs -> true, TrainerKafkaEndToEndTest.TIMEOUT).stream()
                .noneMatch(r -> r.key().startsWith(MODEL + "/3/")), "nor any chunk of it");

        // the rollout's policy removed (a tombstone): the newest, broken v2 is live, and the same training beats it
        KafkaTopics.send(bootstrap, Topics.MODEL_ROLLOUT, MODEL, null);
        KafkaTopics.send(bootstrap, Topics.TRAINING_JOBS, "gate-better",
                EventJson.toBytes(TrainerKafkaEndToEndTest.job("gate-better", "mnist", MODEL, 30, 32)));
        List<TrainingProgress> better = KafkaTopics.progressUntilEnd(bootstrap, "gate-better", JOB_TIMEOUT);
        assertEquals(3L, better.get(better.size() - 1).publishedVersion(), better.toString());
        assertTrue(better.stream().allMatch(p -> p.refusedCandidate() == null), better.toString());
        assertEquals(Set.of(1L, 2L, 3L), ModelTopicSnapshot.versions(kafka, MODEL).keySet());
    }
}
