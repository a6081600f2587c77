package io.synthstream.generator.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.SampleHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** A dead letter always fits the dead-letter topic, as Kafka's producer counts a record, keeping what it can. */
class DeadLetterSizeTest {
    private static int size(ProducerRecord<String, byte[]> r) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE.type(),
                r.key().getBytes(StandardCharsets.UTF_8), r.value(), r.headers().toArray());
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aPayloadTooLargeForTheDeadLetterTopicIsCutToFitAndSaysHowLongItWas() {
        byte[] payload = new byte[2_000_000];
        Arrays.fill(payload, (byte) 'x');
        String key = "k".repeat(200);
        for (int limit : new int[] {20_000, 1_048_576, 1_048_588}) {
            for (String reason : new String[] {"not a valid GenerationRequested: …", "é".repeat(10_000)}) {
                var dead = SampleRecords.deadLetter(key, payload, "synthstream.generate.requests", 3, 12_345_678_901L, reason, limit);
                assertTrue(size(dead) <= limit, "a dead letter of " + size(dead) + " bytes over the limit of " + limit);
                assertEquals("2000000", header(dead, SampleHeaders.DLQ_ORIGINAL_BYTES));
                assertTrue(dead.value().length > limit - 20_000, "keeps as much of the payload as fits: " + dead.value().length);
                assertArrayEquals(Arrays.copyOf(payload, dead.value().length), dead.value(), "its first bytes");
                assertTrue(header(dead, SampleHeaders.DLQ_REASON).length() <= SampleRecords.MAX_REASON_CHARS);
            }
        }
    }

    @Test
    void aPayloadThatFitsIsKeptWhole() {
        byte[] payload = "{\"requestId\":\"r\",\"count\":0}".getBytes(StandardCharsets.UTF_8);
        var dead = SampleRecords.deadLetter("r", payload, "synthstream.generate.requests", 0, 7, "invalid request: count must be in …", 1_048_576);
        assertArrayEquals(payload, dead.value());
        assertNull(header(dead, SampleHeaders.DLQ_ORIGINAL_BYTES));
        assertEquals("invalid request: count must be in …", header(dead, SampleHeaders.DLQ_REASON));
    }
}
