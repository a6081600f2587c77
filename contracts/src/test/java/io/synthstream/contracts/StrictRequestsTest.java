package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.codec.GenerationRequestReader;
import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.events.GenerationFailed;
import io.synthstream.contracts.events.GenerationRequested;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** A request is answered as written or refused with a reason that names the field: never read as another request. */
class StrictRequestsTest {
    static final String BASE = "\"requestId\":\"r1\",\"model\":\"m\"";

    static String refusal(String key, String json) {
        var e = assertThrows(MalformedEventException.class,
                () -> GenerationRequestReader.read(key, json.getBytes(StandardCharsets.UTF_8)), json);
        assertFalse(e.getMessage().matches("(?s).*(java\\.|io\\.synthstream|`).*"), "no Java names: " + e.getMessage());
        return e.getMessage();
    }

    static String refusal(String json) {
        return refusal("r1", json);
    }

    @Test
    void whatTheGatewayAndClientsWriteIsRead() {
        var written = new GenerationRequested("r1", "m", 2L, 3, List.of(1, 2, 3), null, 7L, "uint8", Topics.REPLY_TOPIC_PREFIX + "me");
        assertEquals(written, GenerationRequestReader.read("r1", EventJson.toBytes(written)), "type, schemaVersion and nulls included");
        var minimal = GenerationRequestReader.read("r1", ("{" + BASE + ",\"count\":10,\"classCounts\":{\"3\":10}}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of(3, 10), minimal.classCounts());
        GenerationRequestReader.read("r1", ("{" + BASE + ",\"count\":1,\"schemaVersion\":1,\"type\":\"GenerationRequested\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void unknownFieldsNonIntegralNumbersAndWrongTypesAreRefusedByName() {
        String misspelt = refusal("{" + BASE + ",\"count\":2,\"labls\":[1,2]}");
        assertTrue(misspelt.contains("at /labls: unknown field \"labls\"") && misspelt.contains("labels"), misspelt);
        assertTrue(refusal("{" + BASE + ",\"count\":10.5}").contains("at /count: Cannot deserialize 10.5: count takes an integer"));
        assertTrue(refusal("{" + BASE + ",\"count\":2,\"seed\":1.5}").contains("at /seed: Cannot deserialize 1.5: seed takes an integer"));
        assertTrue(refusal("{" + BASE + ",\"count\":\"10\"}").contains("at /count: Cannot deserialize \"10\""));
        assertTrue(refusal("{" + BASE + ",\"count\":2,\"seed\":\"abc\"}").contains("at /seed: "));
        assertTrue(refusal("{\"requestId\":\"r1\",\"model\":5,\"count\":2}").contains("at /model: Cannot deserialize 5: model takes a string"));
        assertTrue(refusal("{" + BASE + ",\"count\":2,\"labels\":[1,2.5]}").contains("at /labels/1: "));
        assertTrue(refusal("{" + BASE + ",\"count\":99999999999}").contains("at /count: "));
        assertTrue(refusal("{" + BASE + ",\"count\":2,\"count\":3}").contains("count"), "a field given twice");
        String key = refusal("{" + BASE + ",\"count\":2,\"classCounts\":{\"seven\":2}}");
        assertTrue(key.contains("at /classCounts: ") && key.contains("the keys of classCounts are integers"), key);
        assertTrue(refusal("{nope").startsWith("not a valid GenerationRequested"));
        assertTrue(refusal("[1]").startsWith("not a valid GenerationRequested"));
    }

    @Test
    void aLatentScaleIsReadAndOneOutsideItsRangeIsAProblem() {
        var wide = GenerationRequestReader.read("r1", ("{" + BASE + ",\"count\":2,\"latentScale\":1.5}").getBytes(StandardCharsets.UTF_8));
        assertEquals(1.5, wide.latentScaleOrDefault());
        assertTrue(wide.problems(100).isEmpty(), wide.problems(100).toString());
        assertEquals(1.0, GenerationRequestReader.read("r1", ("{" + BASE + ",\"count\":2}").getBytes(StandardCharsets.UTF_8)).latentScaleOrDefault());
        for (String bad : List.of("0", "-1", "4.5")) {
            var r = GenerationRequestReader.read("r1", ("{" + BASE + ",\"count\":2,\"latentScale\":" + bad + "}").getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("latentScale must be in (0, 4.0], got " + Double.parseDouble(bad)), r.problems(100));
        }
        assertTrue(refusal("{" + BASE + ",\"count\":2,\"latentScale\":\"wide\"}").contains("at /latentScale: "));
        assertFalse(new String(EventJson.toBytes(new GenerationRequested("r1", "m", null, 2, null, null, null, null, null)), StandardCharsets.UTF_8)
                .contains("latentScale"), "not written unless set: generators older than the field still read the request");
    }

    @Test
    void anotherTypeOrSchemaVersionIsRefused() {
        assertTrue(refusal("{\"type\":\"TrainingJobRequested\"," + BASE + ",\"count\":2}").contains("type is \"TrainingJobRequested\""));
        assertTrue(refusal("{\"schemaVersion\":99," + BASE + ",\"count\":2}").contains("schemaVersion 99 is not one this generator reads"));
        assertTrue(refusal("{\"schemaVersion\":1.5," + BASE + ",\"count\":2}").contains("schemaVersion takes an integer"));
    }

    @Test
    void theRecordKeyMustBeTheRequestId() {
        String json = "{" + BASE + ",\"count\":2}";
        assertTrue(refusal("other", json).contains("the record key 'other' is not the payload's requestId 'r1'"));
        assertTrue(refusal(null, json).contains("the record has no key"));
    }

    @Test
    void everyLabelThatIsNoClassIsNamed() {
        var r = new GenerationRequested("r1", "m", null, 3, List.of(1, 12, -1), null, null, null, null);
        assertTrue(r.problems(100).isEmpty(), r.problems(100).toString());
        var e = assertThrows(IllegalArgumentException.class, () -> r.resolveLabels(10));
        assertEquals("labels 12, -1 are not classes of m (it has 10: class indices 0 to 9), at samples 1, 2", e.getMessage());
        var counts = new GenerationRequested("r1", "m", null, 3, null, Map.of(10, 1, 2, 1, -3, 1), null, null, null);
        assertEquals("classCounts keys -3, 10 are not classes of m (it has 10: class indices 0 to 9)",
                assertThrows(IllegalArgumentException.class, () -> counts.resolveLabels(10)).getMessage());
    }

    @Test
    void failureRecordsAreToldFromSampleRecords() {
        var failure = new GenerationFailed("r1", "unknown model 'x'");
        var headers = FailureRecords.headers(failure);
        var record = new ConsumerRecord<>("t", 0, 0, 0L, TimestampType.CREATE_TIME, 0, 0, "r1", EventJson.toBytes(failure), headers,
                Optional.empty());
        assertEquals(Optional.of(failure), FailureRecords.of(record));
        var samples = new ConsumerRecord<>("t", 0, 1, 0L, TimestampType.CREATE_TIME, 0, 0, "r1", new byte[784], new RecordHeaders(),
                Optional.empty());
        assertEquals(Optional.empty(), FailureRecords.of(samples));
    }
}
