package io.synthstream.generator.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelLease;
import io.synthstream.generator.samples.RecordSizes;
import io.synthstream.generator.samples.SampleRecords;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records cut by {@link RecordSizes} stay within the limit as Kafka's producer counts a record, headers and framing included. */
class RecordCuttingTest {
    @TempDir
    static Path tmp;

    @Test
    void everyRecordFitsTheLimitInEveryFormatWithTheLongestIdsAndLabels() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        var loader = new GeneratorLoader(Device.cpu(), tmp);
        String model = "m".repeat(100), id = "r".repeat(128); // the longest request id; a long model name
        int classes = 1000; // three-digit labels
        var shape = List.of(1, 32, 32);
        var contract = new ModelVersionPublished.GeneratorContract("z", "label", "sample", TestModelPublisher.LATENT, classes,
                IntStream.range(0, classes).mapToObj(String::valueOf).toList(), shape, -1, 1, 17);
        LoadedGenerator g = loader.load(new ModelVersionPublished(model, 1, null, null, contract, null, "t", "mnist", "t", Instant.now()),
                TestGenerators.linearTanh(TestModelPublisher.LATENT, classes, 32, 32, 1, 0f));
        try {
            for (String format : List.of("float32", "uint8", "png")) {
                for (int limit : List.of(20_000, 100_000, 1_048_576)) {
                    int perRecord = RecordSizes.samplesThatFit(SampleFormat.of(format), shape, classes, id, model, limit);
                    assertTrue(perRecord >= 1, format + " at " + limit);
                    int count = 2 * perRecord + 1;
                    var r = new GenerationRequested(id, model, null, count, IntStream.range(0, count).map(i -> 999 - i % 3).boxed().toList(),
                            null, 5L, format, null);
                    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
                    try (var planned = new PlannedRequest(r, ModelLease.take(g).orElseThrow(), r.resolveLabels(classes), 5L, "t", 0, 0, perRecord)) {
                        new DynamicBatcher(4096, 4096, n -> { }).run(List.of(planned), SampleRecords::samples, (s, rec) -> records.add(rec));
                    }
                    assertEquals(3, records.size(), format + " at " + limit);
                    for (var rec : records) {
                        int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE.type(),
                                rec.key().getBytes(StandardCharsets.UTF_8), rec.value(), rec.headers().toArray());
                        assertTrue(size <= limit, format + ": a record of " + size + " bytes over the limit of " + limit);
                    }
                }
            }
        } finally {
            g.release();
        }
    }
}
