package io.synthstream.generator.bench;

import io.synthstream.generator.tools.PublishedModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.artifacts.ModelTopicSnapshot;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a bench publishes is marked as a bench copy, and gone from the model topics when the bench ends, failed or not. */
class BenchCopiesTest {
    @Test
    void benchCopiesSayWhatTheyAreAndAreRetiredWhenTheBenchEndsEvenByFailing() {
        String bootstrap = KafkaBrokerTestResource.bootstrapServers();
        KafkaConnection kafka = KafkaConnection.of(bootstrap);
        TopicProvisioner.ensure(kafka);
        String real = "real-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] onnx = TestGenerators.linearTanh(TestModelPublisher.LATENT, TestModelPublisher.CLASSES, 28, 28, 1, 0f);
        PublishedModels.Newest source;
        try (var pub = new TestModelPublisher(bootstrap)) {
            source = new PublishedModels.Newest(pub.publish(real, 3, onnx, TestModelPublisher.contract(TestModelPublisher.LATENT), null), onnx);
        }

        var failure = assertThrows(IllegalStateException.class, () -> {
            try (var copies = new BenchCopies(kafka, source)) {
                long first = copies.publishNext();
                long second = copies.publishNext();
                assertTrue(second > first);
                var published = ModelTopicSnapshot.versions(kafka, "bench-" + real);
                assertEquals(2, published.size(), published.toString());
                var copy = published.get(first);
                assertEquals("bench copy of mnist", copy.dataset());
                assertEquals("bench copy of " + real + "/3", copy.trainingJobId(), "not the real version's job id");
                throw new IllegalStateException("the bench failed half-way");
            }
        });
        assertEquals("the bench failed half-way", failure.getMessage());
        assertTrue(ModelTopicSnapshot.versions(kafka, "bench-" + real).isEmpty(), "every bench version retired");
        assertFalse(ModelTopicSnapshot.all(kafka).containsKey("bench-" + real));
        assertEquals(1, ModelTopicSnapshot.versions(kafka, real).size(), "the real version stays");

        try (var copies = new BenchCopies(kafka, source)) {
            assertTrue(copies.publishNext() > 0);
        }
        assertTrue(ModelTopicSnapshot.versions(kafka, "bench-" + real).isEmpty(), "retired after a bench that ended well too");
    }
}
