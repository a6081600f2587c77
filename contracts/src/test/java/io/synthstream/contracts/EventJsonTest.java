package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.EventSerializer;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void eventsCarryTypeAndSchemaVersionAndRoundTrip() throws Exception {
        var event = new ModelVersionPublished("mnist-conditional-mlp", 3,
                new ModelVersionPublished.ArtifactRef("onnx", "application/onnx", "ab", 10, 1), null,
                new ModelVersionPublished.GeneratorContract("z", "label", "sample", 64, 10,
                        List.of("0", "1"), List.of(1, 28, 28), -1, 1, 17),
                new ModelVersionPublished.QualityMetrics(0.93, 10000, 0.99, 3e-6, 5000, 1.2, 0.6),
                "job-1", "mnist", "conditional-mlp", Instant.parse("2026-11-22T06:00:00Z"));
        byte[] json = EventJson.toBytes(event);
        JsonNode tree = EventJson.MAPPER.readTree(json);
        assertEquals("ModelVersionPublished", tree.get("type").asText());
        assertEquals(1, tree.get("schemaVersion").asInt());
        assertEquals("2026-11-22T06:00:00Z", tree.get("createdAt").asText());
        assertEquals(event, EventJson.fromBytes(json, ModelVersionPublished.class));
    }

    @Test
    void anImageVersionWritesNoRowsAndATabularVersionRoundTripsWithItsSchemaAndEncoding() throws Exception {
        var contract = new ModelVersionPublished.GeneratorContract("z", "label", "sample", 16, 2, List.of("good", "bad"),
                List.of(RowDecoderTest.ENCODING.width()), -1, 1, 17);
        var metrics = new ModelVersionPublished.QualityMetrics(null, null, null, 2e-6, 300, 1.1, 1.3);
        var image = new ModelVersionPublished("m", 1, new ModelVersionPublished.ArtifactRef("onnx", "application/onnx", "ab", 10, 1), null,
                contract, metrics, "job-1", "mnist", "conditional-mlp", Instant.parse("2026-11-22T06:00:00Z"));
        assertFalse(EventJson.MAPPER.readTree(EventJson.toBytes(image)).has("rows"));
        assertEquals(null, image.rows());

        var rows = new TabularVersion(RowDecoderTest.SCHEMA, RowDecoderTest.ENCODING, 200, 0.91, 0.87,
                List.of(new TabularVersion.ClassifierEfficacy("RANDOM_FOREST", 0.5, 0.3, 0.7, 0.6)),
                new TabularVersion.RareClassFigures("bad", 3, 0.04, 0.02, 0.03, 0.01), List.of(
                        new TabularVersion.ColumnDistribution("checking", 0.9, null, List.of("<0", "0<=X<200", "none"), List.of(0.5, 0.25, 0.25),
                                List.of(0.4, 0.35, 0.25)),
                        new TabularVersion.ColumnDistribution("duration", 0.8, List.of(0.5, 1.5, 2.5), null, List.of(0.75, 0.25), List.of(1.0, 0.0)),
                        new TabularVersion.ColumnDistribution("amount", 0.85, List.of(0.0, 500.0, 1000.0), null, List.of(0.5, 0.5),
                                List.of(0.6, 0.4))));
        var tabular = new ModelVersionPublished("credit", 2, image.artifact(), null, contract, metrics, "job-2", "weka/credit-g.arff",
                TrainingJobRequested.ARCH_CONDITIONAL_TABULAR, image.createdAt(), rows);
        byte[] json = EventJson.toBytes(tabular);
        JsonNode tree = EventJson.MAPPER.readTree(json);
        assertEquals("ONE_HOT", tree.get("rows").get("encoding").get("columns").get(0).get("encoding").asText());
        assertEquals("class", tree.get("rows").get("schema").get("labelColumn").asText());
        ModelVersionPublished read = EventJson.fromBytes(json, ModelVersionPublished.class);
        assertEquals(tabular, read);
        assertEquals(RowDecoderTest.ENCODING.width(), read.rows().decoder().width());
        JsonNode duration = tree.get("rows").get("columnDistributions").get(1);
        assertEquals("[0.5,1.5,2.5]", duration.get("binEdges").toString());
        assertEquals("[]", duration.get("categories").toString());
        assertFalse(duration.has("numeric"), duration.toString());
        assertTrue(read.rows().columnDistributions().get(1).numeric() && !read.rows().columnDistributions().get(0).numeric());

        // written before versions carried column distributions: reads with none
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("rows")).remove("columnDistributions");
        ModelVersionPublished older = EventJson.fromBytes(EventJson.MAPPER.writeValueAsBytes(tree), ModelVersionPublished.class);
        assertEquals(List.of(), older.rows().columnDistributions());
        assertEquals(0.91, older.rows().columnSimilarity());
    }

    @Test
    void aTableJobNamesItsFileLabelColumnAndKindsAndIsCheckedForThem() throws Exception {
        String json = "{\"type\":\"TrainingJobRequested\",\"schemaVersion\":1,\"jobId\":\"t1\",\"dataset\":\"weka/credit-g.arff\","
                + "\"labelColumn\":\"class\",\"columnKinds\":{\"num_dependents\":\"categorical\"}}";
        TrainingJobRequested job = EventJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), TrainingJobRequested.class).withDefaults();
        assertTrue(job.problems().isEmpty(), job.problems().toString());
        assertTrue(job.tableDataset());
        assertEquals(TrainingJobRequested.ARCH_CONDITIONAL_TABULAR, job.architecture());
        assertEquals("credit-g-conditional-tabular", job.modelName(), "named by the file, not its folder or format");
        assertEquals(0, job.batchSize() % TrainingJobRequested.TABULAR_PACK);
        assertEquals(job, EventJson.fromBytes(EventJson.toBytes(job), TrainingJobRequested.class));

        var image = new TrainingJobRequested("i1", "mnist", null, null, 10, null, null, null, null, null, null, null, null, null).withDefaults();
        JsonNode imageTree = EventJson.MAPPER.readTree(EventJson.toBytes(image));
        assertFalse(imageTree.has("labelColumn") || imageTree.has("columnKinds"), imageTree.toString());

        var noLabel = new TrainingJobRequested("t2", "tables/x.csv", null, null, 10, 64, null, null, null, null, null, null, null, null, null,
                null, null, null, null, Map.of("a", "text"), null);
        String problems = String.join("; ", noLabel.problems());
        assertTrue(problems.contains("labelColumn is required"), problems);
        assertTrue(problems.contains("columnKinds maps a column"), problems);
        assertTrue(problems.contains("multiple of 10"), problems);
        var tableArchOnImages = new TrainingJobRequested("t3", "mnist", TrainingJobRequested.ARCH_CONDITIONAL_TABULAR, null, 10, null, null, null,
                null, null, null, null, null, null);
        assertTrue(String.join("; ", tableArchOnImages.problems()).contains("are for table data sets"), tableArchOnImages.problems().toString());
        var escaping = new TrainingJobRequested("t4", "../secret.csv", null, null, 10, null, null, null, null, null, null, null, null, null);
        assertFalse(escaping.tableDataset(), "a table file is named inside the data folder");
    }

    @Test
    void aRefusedCandidateTravelsWithItsFiguresAndOlderProgressEventsStillRead() {
        var metrics = new ModelVersionPublished.QualityMetrics(0.41, 1000, 0.99, 2e-6, 3000, 1.1, 1.3)
                .withAugmentationGain(new ModelVersionPublished.AugmentationGain(-0.8, 0.2, 3, 0.97, 0.962, 5000, 5000, 1000));
        var refused = new TrainingProgress("j", TrainingProgress.State.RUNNING, 3000, 6000, 1.3, 1.1, null, null, "m", null,
                "version at step 3000 not published: refused by the quality gate: label fidelity 0.4100 < required 0.8000",
                Instant.parse("2026-11-22T06:00:00Z"), new TrainingProgress.RefusedCandidate(3000,
                        List.of("label fidelity 0.4100 < required 0.8000"), metrics, 2L));
        assertEquals(refused, EventJson.fromBytes(EventJson.toBytes(refused), TrainingProgress.class));
        String before = "{\"type\":\"TrainingProgress\",\"schemaVersion\":1,\"jobId\":\"j\",\"state\":\"RUNNING\",\"step\":5,"
                + "\"totalSteps\":10}";
        assertEquals(null, EventJson.fromBytes(before.getBytes(StandardCharsets.UTF_8), TrainingProgress.class).refusedCandidate());
    }

    @Test
    void unknownFieldsAreTolerated() {
        String json = "{\"type\":\"TrainingJobRequested\",\"schemaVersion\":1,\"jobId\":\"j1\",\"dataset\":\"mnist\","
                + "\"someFutureField\":{\"x\":1}}";
        TrainingJobRequested job = EventJson.fromBytes(json.getBytes(StandardCharsets.UTF_8), TrainingJobRequested.class);
        assertEquals("j1", job.jobId());
        assertEquals("mnist-conditional-mlp", job.withDefaults().modelName());
        assertTrue(job.withDefaults().problems().isEmpty());
    }

    @Test
    void malformedPayloadGivesAReadableReason() {
        var e = assertThrows(MalformedEventException.class,
                () -> EventJson.fromBytes("{not json".getBytes(StandardCharsets.UTF_8), TrainingJobRequested.class));
        assertTrue(e.getMessage().startsWith("not a valid TrainingJobRequested"), e.getMessage());
        assertThrows(MalformedEventException.class, () -> EventJson.fromBytes(new byte[0], TrainingProgress.class));
    }

    @Test
    void impossibleJobParametersAreNamed() {
        var job = new TrainingJobRequested("j 1", "mnist", "resnet", null, 0, 1, 2.0, -1.0, 0, 1L, 0, 0, 0, null);
        List<String> problems = job.problems();
        assertEquals(10, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("unknown architecture 'resnet'")));
    }

    @Test
    void benchModelNamesAreReservedForBenchmarkCopies() {
        var job = new TrainingJobRequested("j", "mnist", null, "bench-mine", 10, 8, null, null, 8, 1L, null, null, null, null);
        assertEquals(List.of("modelName may not start with 'bench-': those names are reserved for benchmark copies, which listings hide"),
                job.problems());
        assertTrue(ModelVersionPublished.isBenchModel("bench-mnist-conditional-mlp"));
        assertFalse(ModelVersionPublished.isBenchModel("mnist-conditional-mlp"));
        assertFalse(ModelVersionPublished.isBenchModel(null));
    }

    @Test
    void imageShapesAreDeclaredForImageFoldersOnly() {
        var onMnist = new TrainingJobRequested("j", "mnist", null, null, 10, 8, null, null, 8, 1L, null, null, null, 32, 32, null);
        assertTrue(onMnist.problems().stream().anyMatch(p -> p.contains("image-folder data sets")), onMnist.problems().toString());
        var tooBig = new TrainingJobRequested("j", "images/pets", null, null, 10, 8, null, null, 8, 1L, null, null, null, 512, 4, null);
        assertEquals(2, tooBig.problems().size(), tooBig.problems().toString());
        var escape = new TrainingJobRequested("j", "images/../etc", null, null, 10, 8, null, null, 8, 1L, null, null, null, null, null, null);
        assertTrue(escape.problems().stream().anyMatch(p -> p.contains("the folder matching")), escape.problems().toString());
        var folder = new TrainingJobRequested("j", "images/Pets_2", "conditional-dcgan", null, 10, null, null, null, 8, 1L, null, null, null,
                null, null, null);
        assertTrue(folder.problems().isEmpty(), folder.problems().toString());
        var d = folder.withDefaults();
        assertEquals(28, d.imageHeight());
        assertEquals(28, d.imageWidth());
        assertEquals(64, d.batchSize(), "the DCGAN's default batch");
        assertEquals("images-pets_2-conditional-dcgan", d.modelName());
        assertEquals(null, new TrainingJobRequested("j", "mnist", null, null, 10, 8, null, null, 8, 1L, null, null, null, null)
                .withDefaults().imageHeight(), "MNIST keeps its own shape");
    }

    @Test
    void precisionIsFloat32UnlessAJobAsksForInt8OnTheMlp() throws Exception {
        var plain = new TrainingJobRequested("j", "mnist", null, null, 10, 8, null, null, 8, 1L, null, null, null, null);
        assertEquals(TrainingJobRequested.PRECISION_FLOAT32, plain.withDefaults().precision());
        var int8 = EventJson.fromBytes("{\"jobId\":\"j\",\"dataset\":\"mnist\",\"precision\":\"int8\"}".getBytes(StandardCharsets.UTF_8),
                TrainingJobRequested.class);
        assertTrue(int8.problems().isEmpty(), int8.problems().toString());
        assertEquals(TrainingJobRequested.PRECISION_INT8, int8.withDefaults().precision());
        var half = new TrainingJobRequested("j", "mnist", null, null, 10, 8, null, null, 8, 1L, null, null, null, null, null, "fp16", null);
        assertEquals(List.of("unknown precision 'fp16', expected one of " + TrainingJobRequested.PRECISIONS), half.problems());
        var dcgan = new TrainingJobRequested("j", "mnist", "conditional-dcgan", null, 10, 8, null, null, 8, 1L, null, null, null, null, null,
                "int8", null);
        assertTrue(dcgan.problems().stream().anyMatch(p -> p.contains("offered for conditional-mlp only")), dcgan.problems().toString());
        // versions published before the field read as null (= float32); new ones carry it and their quantization error
        String old = "{\"latentInput\":\"z\",\"labelInput\":\"label\",\"output\":\"sample\",\"latentSize\":64,\"numClasses\":10,"
                + "\"classNames\":[],\"sampleShape\":[1,28,28],\"valueMin\":-1,\"valueMax\":1,\"onnxOpset\":17}";
        assertEquals(null, EventJson.MAPPER.readValue(old, ModelVersionPublished.GeneratorContract.class).precision());
        var m = new ModelVersionPublished.QualityMetrics(0.9, 100, 0.99, 1e-6, 10, null, null, 3.0, 1.0, 0.9, 100, 0.004, 0.2)
                .withLosses(1.0, 2.0);
        assertEquals(0.004, m.quantizationMeanAbsDiff());
        assertEquals(0.2, m.quantizationMaxAbsDiff());
        assertEquals(m, EventJson.MAPPER.readValue(EventJson.MAPPER.writeValueAsBytes(m), ModelVersionPublished.QualityMetrics.class));
    }

    @Test
    void serializerStampsTypeHeaders() {
        var headers = new RecordHeaders();
        new EventSerializer().serialize("t", headers, TrainingProgress.failed("j", "boom"));
        assertEquals("TrainingProgress", new String(headers.lastHeader("synthstream-event-type").value(), StandardCharsets.UTF_8));
        assertEquals("1", new String(headers.lastHeader("synthstream-schema-version").value(), StandardCharsets.UTF_8));
    }
}
