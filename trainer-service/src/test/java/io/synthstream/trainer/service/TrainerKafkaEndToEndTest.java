package io.synthstream.trainer.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ArtifactAssembler;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.events.TrainingProgress.State;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.trainer.export.GeneratorSession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The trainer service on a real in-process Kafka broker: job in → progress → versions any consumer can rebuild. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(SyntheticDataResource.class)
class TrainerKafkaEndToEndTest {
    // a bound, not a figure: on a loaded 2-core machine the reference classifier alone took 3.5–4.5 min
    static final Duration TIMEOUT = Duration.ofMinutes(8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static TrainingJobRequested job(String id, String dataset, String model, Integer steps, Integer batch) {
        return new TrainingJobRequested(id, dataset, null, model, steps, batch, null, null, 16, 7L, 30, 10, 10, null);
    }

    @Test
    void aShortJobPublishesVersionsThatAPlainConsumerRebuildsAndRuns() throws Exception {
        KafkaTopics.send(bootstrap, Topics.TRAINING_JOBS, "e2e-1", EventJson.toBytes(job("e2e-1", "mnist", "e2e-model", 60, 32)));
        List<TrainingProgress> progress = KafkaTopics.progressUntilEnd(bootstrap, "e2e-1", TIMEOUT);
        TrainingProgress last = progress.get(progress.size() - 1);
        assertEquals(State.DONE, last.state(), progress.toString());
        assertEquals(60, last.step());
        assertTrue(progress.stream().anyMatch(p -> p.state() == State.RUNNING && p.step() == 10 && p.generatorLoss() != null
                && p.stepsPerSecond() != null && p.etaSeconds() != null), progress.toString());
        assertEquals(List.of(1L, 2L), progress.stream().filter(p -> p.publishedVersion() != null && p.state() == State.PUBLISHING)
                .map(TrainingProgress::publishedVersion).toList());

        // Rebuild both versions from Kafka alone, as a generator starting from scratch would.
        var events = KafkaTopics.readUntil(bootstrap, Topics.MODELS, rs -> rs.stream()
                .filter(r -> r.key().startsWith("e2e-model/")).count() == 2, TIMEOUT).stream()
                .filter(r -> r.key().startsWith("e2e-model/"))
                .map(r -> EventJson.fromBytes(r.value(), ModelVersionPublished.class)).toList();
        ArtifactAssembler assembler = new ArtifactAssembler();
        KafkaTopics.readUntil(bootstrap, Topics.MODEL_ARTIFACTS, rs -> {
            rs.forEach(assembler::accept);
            return events.stream().allMatch(e -> assembler.isComplete(e.modelName(), e.version(), e.artifact())
                    && assembler.isComplete(e.modelName(), e.version(), e.preview()));
        }, TIMEOUT);
        for (ModelVersionPublished e : events) {
            assertEquals("e2e-1", e.trainingJobId());
            assertEquals(16, e.contract().latentSize());
            assertEquals(10, e.contract().numClasses());
            assertTrue(e.artifact().chunkCount() >= 1 && e.artifact().sizeBytes() > 0);
            assertNotNull(e.metrics().labelFidelity());
            assertEquals(100, e.metrics().fidelitySamples());
            assertTrue(e.metrics().onnxParityMaxAbsDiff() <= 1e-4);
            byte[] onnx = assembler.assemble(e.modelName(), e.version(), e.artifact()).orElseThrow(); // checks size and sha256
            Path file = Files.createTempFile("rebuilt", ".onnx");
            Files.write(file, onnx);
            try (GeneratorSession session = new GeneratorSession(file, e.contract().latentSize())) {
                long[] expected = {5, e.contract().sampleShape().get(0), e.contract().sampleShape().get(1), e.contract().sampleShape().get(2)};
                assertArrayEquals(expected, session.outputShape(5));
            }
            byte[] png = assembler.assemble(e.modelName(), e.version(), e.preview()).orElseThrow();
            var image = ImageIO.read(new ByteArrayInputStream(png));
            assertTrue(image.getHeight() > 10 * 56 && image.getWidth() > 10 * 56, "10 × 10 grid of 2× samples");
        }
    }

    @Test
    void badJobsFailWithAReasonAndTheTrainerTakesTheNextJob() throws Exception {
        KafkaTopics.send(bootstrap, Topics.TRAINING_JOBS, "garbage-1", "{not json".getBytes(StandardCharsets.UTF_8));
        KafkaTopics.send(bootstrap, Topics.TRAINING_JOBS, "bad-ds", EventJson.toBytes(job("bad-ds", "cifar-1000", null, 10, 32)));
        KafkaTopics.send(bootstrap, Topics.TRAINING_JOBS, "bad-params", EventJson.toBytes(job("bad-params", "mnist", null, -5, 0)));
        KafkaTopics.send(bootstrap, Topics.TRAINING_JOBS, "after-bad", EventJson.toBytes(job("after-bad", "mnist", "after-bad", 10, 16)));

        assertFailed("garbage-1", "not a valid TrainingJobRequested");
        assertFailed("bad-ds", "unknown dataset 'cifar-1000'");
        assertFailed("bad-params", "steps must be in [1, 10000000], got -5");
        List<TrainingProgress> good = KafkaTopics.progressUntilEnd(bootstrap, "after-bad", TIMEOUT);
        assertEquals(State.DONE, good.get(good.size() - 1).state(), good.toString());
        assertEquals(1L, good.get(good.size() - 1).publishedVersion());
    }

    private void assertFailed(String jobId, String reasonPart) {
        List<TrainingProgress> p = KafkaTopics.progressUntilEnd(bootstrap, jobId, TIMEOUT);
        TrainingProgress last = p.get(p.size() - 1);
        assertEquals(State.FAILED, last.state(), p.toString());
        assertTrue(last.reason().contains(reasonPart), last.reason());
    }
}
