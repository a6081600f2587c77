package io.synthstream.contracts.codec;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Kafka header names used on synthstream records. */
public final class EventHeaders {
    public static final String EVENT_TYPE = "synthstream-event-type";
    public static final String SCHEMA_VERSION = "synthstream-schema-version";

    public static final String MODEL = "synthstream-model";
    public static final String VERSION = "synthstream-version";
    public static final String ARTIFACT_KIND = "synthstream-artifact-kind";
    public static final String CHUNK_INDEX = "synthstream-chunk-index";
    public static final String CHUNK_COUNT = "synthstream-chunk-count";
    public static final String SHA256 = "synthstream-sha256";

    private EventHeaders() {
    }

    /** The text (UTF-8) of a record's last header of that name, or null if it has none. */
    public static String text(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
