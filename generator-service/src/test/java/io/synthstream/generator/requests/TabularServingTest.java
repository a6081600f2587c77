package io.synthstream.generator.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.ArtifactRefusedException;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelLease;
import io.synthstream.generator.samples.RecordSizes;
import io.synthstream.generator.samples.SampleRecords;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.testing.TestGenerators;
import io.synthstream.testing.TestModelPublisher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tabular version (its event's {@code rows} set) is served as rows: exactly the classes asked for, decoded by the
 * version's encoding into typed values, in rows-json; the same seed gives the same rows however the requests were batched.
 */
class TabularServingTest {
    static final int LATENT = 4;
    static final RowSchema SCHEMA = new RowSchema(List.of(RowSchema.Column.numeric("amount", false),
            RowSchema.Column.categorical("colour", List.of("red", "green", "blue"))), "approved", List.of("no", "yes"));
    /** amount: two modes (10 ± 2, 100 ± 10) within [0, 200]; colour: a 3-category block. Width 1 + 2 + 3. */
    static final RowEncoding ENCODING = new RowEncoding(List.of(
            new ColumnDecoding.ModeSpecific("amount", List.of(10.0, 100.0), List.of(2.0, 10.0), 0, 200, false),
            new ColumnDecoding.OneHot("colour", 3)));

    @TempDir
    static Path tmp;
    static GeneratorLoader loader;

    @BeforeAll
    static void setUp() {
        System.setProperty("ai.djl.offline", "true");
        loader = new GeneratorLoader(Device.cpu(), tmp);
    }

    /** The event of a tabular version whose output is {@code width} floats per row and whose rows are {@code rows}. */
    static ModelVersionPublished event(String model, long version, int width, int classes, TabularVersion rows) {
        var contract = new GeneratorContract(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT, LATENT, classes,
                SCHEMA.classes(), List.of(width), -1, 1, OnnxGraphs.OPSET);
        return new ModelVersionPublished(model, version, null, null, contract, null, "t", "tables/credit", "conditional-tabular",
                Instant.now(), rows);
    }

    static TabularVersion rows(RowSchema schema, RowEncoding encoding) {
        return new TabularVersion(schema, encoding, 0, 1, 1, List.of(), null);
    }

    static LoadedGenerator loadTable() throws ArtifactRefusedException {
        return loader.load(event("table", 1, ENCODING.width(), 2, rows(SCHEMA, ENCODING)), TestGenerators.linearRows(LATENT, 2, ENCODING, 3));
    }

    static PlannedRequest plan(LoadedGenerator g, String id, Map<Integer, Integer> classCounts, int count, long seed, String format) {
        var r = new GenerationRequested(id, g.modelName(), null, count, null, classCounts, seed, format, null);
        return new PlannedRequest(r, ModelLease.take(g).orElseThrow(), r.resolveLabels(g.numClasses()), seed, "t", 0, 0);
    }

    /** Each request's records, encoded as the generator sends them and read back as a client reads them. */
    static Map<String, List<SampleBatch>> answer(DynamicBatcher batcher, List<PlannedRequest> requests) {
        Map<String, List<SampleBatch>> out = new java.util.HashMap<>();
        batcher.run(requests, SampleRecords::samples, (slice, record) -> out.computeIfAbsent(record.key(), k -> new ArrayList<>())
                .add(SampleBatch.of(new ConsumerRecord<>(record.topic(), 0, 0, 0L, TimestampType.CREATE_TIME, 0, 0, record.key(),
                        record.value(), record.headers(), java.util.Optional.empty()))));
        return out;
    }

    /** The rows of a request's records, in order. */
    static List<List<Object>> rowsOf(List<SampleBatch> batches) {
        List<List<Object>> rows = new ArrayList<>();
        for (SampleBatch b : batches) rows.addAll(b.rows().rows());
        return rows;
    }

    @Test
    void classCountsAreAnsweredWithExactlyThoseRowsTypedAndInRange() throws Exception {
        LoadedGenerator g = loadTable();
        try {
            assertTrue(g.servesRows());
            var batches = answer(new DynamicBatcher(512, 256, n -> { }),
                    List.of(plan(g, "c", Map.of(0, 3, 1, 2), 5, 7, null))).get("c");
            assertEquals(1, batches.size());
            SampleBatch b = batches.get(0);
            assertEquals(SampleFormat.ROWS_JSON, b.format(), "no format: a tabular version's rows-json");
            assertEquals(List.of(0, 0, 0, 1, 1), b.labels(), "the classes asked for, no row drawn and thrown away");
            assertEquals(List.of(ENCODING.width()), b.shape());
            RowsJson.Rows rows = b.rows();
            assertEquals(List.of("amount", "colour"), rows.columns());
            assertEquals(List.of("no", "yes"), rows.classes());
            assertEquals(List.of(0, 0, 0, 1, 1), rows.labels());
            assertEquals(5, rows.rows().size());
            for (List<Object> row : rows.rows()) {
                double amount = ((Number) row.get(0)).doubleValue();
                assertTrue(amount >= 0 && amount <= 200, "amount " + amount);
                assertTrue(List.of("red", "green", "blue").contains(row.get(1)), "colour " + row.get(1));
            }
        } finally {
            g.release();
        }
    }

    @Test
    void theSameSeedGivesTheSameRowsHoweverBatched() throws Exception {
        LoadedGenerator g = loadTable();
        try {
            var counts = Map.of(0, 30, 1, 20);
            var small = answer(new DynamicBatcher(7, 4, n -> { }), List.of(plan(g, "a", counts, 50, 11, "rows-json"),
                    plan(g, "b", counts, 50, 12, "rows-json")));
            var large = answer(new DynamicBatcher(512, 256, n -> { }), List.of(plan(g, "a", counts, 50, 11, "rows-json")));
            assertEquals(13, small.get("a").size(), "4 rows a record");
            assertEquals(rowsOf(large.get("a")), rowsOf(small.get("a")));
            assertNotEquals(rowsOf(small.get("a")), rowsOf(small.get("b")), "another seed, other rows");
            assertTrue(rowsOf(large.get("a")).stream().map(r -> r.get(1)).distinct().count() > 1, "categories are drawn");
        } finally {
            g.release();
        }
    }

    @Test
    void aFormatTheVersionDoesNotServeIsRefusedByName() throws Exception {
        LoadedGenerator table = loadTable();
        LoadedGenerator images = loader.load(ServingPathTest.event("images", 1, TestModelPublisher.LATENT),
                TestGenerators.linearTanh(TestModelPublisher.LATENT, 10, 28, 28, 1, 0f));
        try {
            for (SampleFormat f : SampleFormat.imageFormats()) {
                assertFalse(f.servesVersion(table.servesRows()));
                String reason = RequestPlanner.formatNotServed(f, table);
                assertTrue(reason.contains("format '" + f + "' is an image format") && reason.contains("'table' v1 is a tabular version")
                        && reason.contains("rows-json only"), reason);
                assertThrows(IllegalArgumentException.class, () -> RecordSizes.answerBytes(1, f, table));
            }
            String reason = RequestPlanner.formatNotServed(SampleFormat.ROWS_JSON, images);
            assertTrue(reason.contains("format 'rows-json' is for tabular versions") && reason.contains("'images' v1 generates images"), reason);
            assertThrows(IllegalArgumentException.class, () -> RecordSizes.answerBytes(1, SampleFormat.ROWS_JSON, images));
        } finally {
            table.release();
            images.release();
        }
    }

    @Test
    void recordsAreSizedByTheRowsBound() throws Exception {
        LoadedGenerator g = loadTable();
        try {
            long perRow = RowsJson.bytesPerRow(SCHEMA), fixed = RowsJson.fixedBytes(SCHEMA);
            assertEquals(10 * perRow + fixed, RecordSizes.answerBytes(10, SampleFormat.ROWS_JSON, g));
            int fit = RecordSizes.samplesThatFit(SampleFormat.ROWS_JSON, g, "r", 1_048_576);
            assertTrue(fit > 1000 && fit < 1_048_576 / perRow, "rows a record: " + fit);
            var batches = answer(new DynamicBatcher(4096, 4096, n -> { }), List.of(plan(g, "big", Map.of(0, 1000, 1, 1000), 2000, 1, null)));
            long payload = batches.get("big").get(0).payload().length;
            assertTrue(payload <= 2000 * perRow + fixed, payload + " bytes within the bound");
        } finally {
            g.release();
        }
    }

    @Test
    void aTabularVersionThatCannotBeDecodedIsRefusedWithTheReason() {
        byte[] onnx = TestGenerators.linearRows(LATENT, 2, ENCODING, 3);
        var wider = assertThrows(ArtifactRefusedException.class, () -> loader.load(event("bad", 1, 7, 2, rows(SCHEMA, ENCODING)), onnx));
        assertTrue(wider.getMessage().contains("announced as [7] but its row encoding reads rows of [6] floats"), wider.getMessage());
        var classes = assertThrows(ArtifactRefusedException.class, () -> loader.load(event("bad", 2, 6, 3, rows(SCHEMA, ENCODING)), onnx));
        assertTrue(classes.getMessage().contains("takes 3 classes but its schema has 2"), classes.getMessage());
        var misfit = new RowEncoding(List.of(ENCODING.columns().get(0), new ColumnDecoding.OneHot("colour", 4)));
        var encoding = assertThrows(ArtifactRefusedException.class, () -> loader.load(event("bad", 3, 7, 2, rows(SCHEMA, misfit)), onnx));
        assertTrue(encoding.getMessage().contains("does not fit its schema"), encoding.getMessage());
        var output = assertThrows(ArtifactRefusedException.class, () -> loader.load(event("bad", 4, 6, 2, rows(SCHEMA, ENCODING)),
                TestGenerators.linearRows(LATENT, 2, new RowEncoding(List.of(new ColumnDecoding.OneHot("colour", 3))), 3)));
        assertTrue(output.getMessage().contains("does not honour its contract"), output.getMessage());
    }
}
