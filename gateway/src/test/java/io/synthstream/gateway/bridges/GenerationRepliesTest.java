package io.synthstream.gateway.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.contracts.events.GenerationFailed;
import io.synthstream.contracts.events.GenerationRequested;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** What arrives on the gateway's reply topic: samples complete a generation, a failure record fails it with its reason. */
class GenerationRepliesTest {
    final GenerationStore store = new GenerationStore(10);
    final GenerationReplies replies = new GenerationReplies();

    GenerationRepliesTest() {
        replies.store = store;
    }

    static GenerationRequested request(String id) {
        return new GenerationRequested(id, "m", null, 2, null, null, null, "uint8", "synthstream.generate.replies.gateway-x");
    }

    static ConsumerRecord<String, byte[]> record(String key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("synthstream.generate.replies.gateway-x", 0, 0, 0L, TimestampType.CREATE_TIME, 0, 0, key, value, headers,
                Optional.empty());
    }

    @Test
    void aFailureRecordFailsTheGenerationWithItsReasonInsteadOfWaiting() throws Exception {
        var g = store.add(request("g-refused"));
        var failed = new GenerationFailed("g-refused", "version 3 of 'm' is not available (kept: [4, 5])");
        replies.answer(record("g-refused", EventJson.toBytes(failed), (RecordHeaders) FailureRecords.headers(failed)));
        assertTrue(g.completion().isDone(), "not waiting any more");
        assertEquals(GenerationStore.Status.FAILED, g.status());
        assertEquals(failed.reason(), g.reason());
        assertEquals(0, g.received(), "no samples taken from it");
    }

    @Test
    void sampleRecordsStillCompleteIt() {
        var g = store.add(request("g-ok"));
        RecordHeaders h = new RecordHeaders();
        Map.of(SampleHeaders.BATCH_INDEX, "0", SampleHeaders.BATCH_COUNT, "1", SampleHeaders.FIRST_SAMPLE, "0", SampleHeaders.SAMPLE_COUNT, "2",
                SampleHeaders.VERSION, "1", SampleHeaders.FORMAT, "uint8", SampleHeaders.LABELS, "0,1", SampleHeaders.SHAPE, "1,2,2",
                SampleHeaders.LAST, "true").forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        replies.answer(record("g-ok", new byte[8], h));
        assertEquals(GenerationStore.Status.DONE, g.status());
        assertEquals(2, g.received());
    }
}
