package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.EventSerializer;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
    void serializerStampsTypeHeaders() {
        var headers = new RecordHeaders();
        new EventSerializer().serialize("t", headers, TrainingProgress.failed("j", "boom"));
        assertEquals("TrainingProgress", new String(headers.lastHeader("synthstream-event-type").value(), StandardCharsets.UTF_8));
        assertEquals("1", new String(headers.lastHeader("synthstream-schema-version").value(), StandardCharsets.UTF_8));
    }
}
