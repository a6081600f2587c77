package io.synthstream.contracts.codec;

import io.synthstream.contracts.events.GenerationFailed;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Failure records ({@link GenerationFailed}) among the sample records of a reply path: how the generator marks them and
 * how a reader tells them from samples — by the {@code synthstream-event-type} header, which sample records never carry.
 */
public final class FailureRecords {
    private FailureRecords() {
    }

    /** The headers of a failure record: its type and schema version, and the request id as on sample records. */
    public static Headers headers(GenerationFailed failure) {
        RecordHeaders h = new RecordHeaders();
        h.add(EventHeaders.EVENT_TYPE, utf8(failure.type()))
                .add(EventHeaders.SCHEMA_VERSION, utf8(Integer.toString(failure.schemaVersion())));
        if (failure.requestId() != null) h.add(SampleHeaders.REQUEST_ID, utf8(failure.requestId()));
        return h;
    }

    /** The failure a reply record carries, or empty for a sample record. A failure whose payload is unreadable still fails its request. */
    public static Optional<GenerationFailed> of(ConsumerRecord<String, byte[]> record) {
        if (!GenerationFailed.class.getSimpleName().equals(EventHeaders.text(record, EventHeaders.EVENT_TYPE))) return Optional.empty();
        try {
            return Optional.of(EventJson.fromBytes(record.value(), GenerationFailed.class));
        } catch (MalformedEventException e) {
            return Optional.of(new GenerationFailed(record.key(), "refused by the generator (" + e.getMessage() + ")"));
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
