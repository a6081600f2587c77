package io.synthstream.generator.service;

import static io.synthstream.generator.service.KafkaIO.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A tabular version published the trainer's way is served through Kafka like an image version: rows of exactly the
 * classes asked for in rows-json, a format it does not serve refused on the dead-letter topic and the reply path, and a
 * version that cannot be decoded refused while the last good one keeps answering.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class TabularRowsServiceTest {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final RowSchema SCHEMA = new RowSchema(List.of(RowSchema.Column.numeric("age", true),
            RowSchema.Column.categorical("colour", List.of("red", "green", "blue"))), "approved", List.of("no", "yes"));
    static final RowEncoding ENCODING = new RowEncoding(List.of(
            new ColumnDecoding.ModeSpecific("age", List.of(30.0, 60.0), List.of(5.0, 8.0), 18, 90, true),
            new ColumnDecoding.OneHot("colour", 3)));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    ModelRegistry registry;

    void awaitLive(String model, long version) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!registry.liveVersion(model).map(v -> v == version).orElse(false)) {
            if (System.nanoTime() > deadline) throw new AssertionError(model + " v" + version + " never went live: " + registry.loadedVersions());
            Thread.sleep(50);
        }
    }

    @Test
    void aTabularVersionAnswersRowsAndRefusesImages() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publishTabular("t-rows", 1, SCHEMA, ENCODING);
            pub.publish("i-rows", 1, 0f);
            awaitLive("t-rows", 1);
            awaitLive("i-rows", 1);
            io.request(new GenerationRequested("t-rows-1", "t-rows", null, 5, null, Map.of(0, 3, 1, 2), 7L, null, null));
            io.request(new GenerationRequested("t-rows-2", "t-rows", null, 5, null, Map.of(0, 3, 1, 2), 7L, "rows-json", null));
            io.request(new GenerationRequested("t-rows-png", "t-rows", null, 2, null, null, 7L, "png", null));
            io.request(new GenerationRequested("i-rows-json", "i-rows", null, 2, null, null, 7L, "rows-json", null));
            io.flush();

            var answers = io.answers(Topics.GENERATE_SAMPLES, List.of("t-rows-1", "t-rows-2"), TIMEOUT);
            Map<String, SampleBatch> batches = answers.stream().collect(Collectors.toMap(ConsumerRecord::key, SampleBatch::of));
            SampleBatch rows = batches.get("t-rows-1");
            assertEquals("rows-json", header(answers.get(0), SampleHeaders.FORMAT));
            assertEquals(List.of(0, 0, 0, 1, 1), rows.labels());
            var read = rows.rows();
            assertEquals(List.of("age", "colour"), read.columns());
            assertEquals(List.of(0, 0, 0, 1, 1), read.labels());
            assertEquals(5, read.rows().size());
            for (List<Object> row : read.rows()) {
                assertTrue(row.get(0) instanceof Integer age && age >= 18 && age <= 90, "an integral age in range: " + row);
                assertTrue(List.of("red", "green", "blue").contains(row.get(1)), row.toString());
            }
            assertEquals(read.rows(), batches.get("t-rows-2").rows().rows(), "the same seed, the same rows");

            var dead = io.read(Topics.GENERATE_DLQ, k -> k.equals("t-rows-png") || k.equals("i-rows-json"), rs -> rs.size() >= 2, TIMEOUT);
            Map<String, String> reasons = dead.stream().collect(Collectors.toMap(ConsumerRecord::key, r -> header(r, SampleHeaders.DLQ_REASON)));
            assertTrue(reasons.get("t-rows-png").contains("format 'png' is an image format, and 't-rows' v1 is a tabular version"),
                    reasons.get("t-rows-png"));
            assertTrue(reasons.get("i-rows-json").contains("format 'rows-json' is for tabular versions, and 'i-rows' v1 generates images"),
                    reasons.get("i-rows-json"));
            var failures = io.read(Topics.GENERATE_SAMPLES, reasons::containsKey, rs -> rs.size() >= 2, TIMEOUT);
            for (var f : failures) assertEquals(reasons.get(f.key()), FailureRecords.of(f).orElseThrow().reason(), "told where its client waits");
        }
    }

    @Test
    void aTabularVersionThatCannotBeDecodedIsRefusedAndTheLastGoodOneServes() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap); var io = new KafkaIO(bootstrap)) {
            pub.publishTabular("t-swap", 1, SCHEMA, ENCODING);
            awaitLive("t-swap", 1);
            // v2's output is a row narrower than its encoding reads: its rows would be misread
            pub.publishTabular("t-swap", 2, TestGenerators.linearRows(TestModelPublisher.LATENT, 2, ENCODING, 2),
                    TestModelPublisher.tabularContract(SCHEMA, ENCODING.width() - 1), new TabularVersion(SCHEMA, ENCODING, 0, 1, 1, List.of(), null));
            pub.publishTabular("t-swap", 3, SCHEMA, ENCODING);
            awaitLive("t-swap", 3);
            assertFalse(registry.loadedVersions().get("t-swap").contains(2L), "v2 refused: " + registry.loadedVersions());
            io.request(new GenerationRequested("t-swap-1", "t-swap", null, 4, null, null, 1L, null, null));
            io.flush();
            var answer = io.answers(Topics.GENERATE_SAMPLES, List.of("t-swap-1"), TIMEOUT).get(0);
            assertEquals("3", header(answer, SampleHeaders.VERSION), "the new version answers after the swap");
            assertEquals(List.of(0, 1, 0, 1), SampleBatch.of(answer).rows().labels(), "balanced");
        }
    }
}
