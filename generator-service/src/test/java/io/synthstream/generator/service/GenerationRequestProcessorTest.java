package io.synthstream.generator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.GenerationRequested;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** How full a waiting batch is: the samples each request record asks for. */
class GenerationRequestProcessorTest {
    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>("t", 0, 0, "k", value);
    }

    @Test
    void aRequestCountsTheSamplesItAsksForAndOneThatWillBeDeadLetteredCountsNone() {
        var processor = new GenerationRequestProcessor();
        assertEquals(64, processor.samplesRequested(record(EventJson.toBytes(
                new GenerationRequested("r", "m", null, 64, null, null, null, "uint8", null)))));
        assertEquals(0, processor.samplesRequested(record("{not json".getBytes(StandardCharsets.UTF_8))));
        assertEquals(0, processor.samplesRequested(record(null)));
        assertEquals(0, processor.samplesRequested(record("{\"requestId\":\"r\",\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(0, processor.samplesRequested(record("{\"requestId\":\"r\",\"model\":\"m\",\"count\":-3}".getBytes(StandardCharsets.UTF_8))));
    }
}
