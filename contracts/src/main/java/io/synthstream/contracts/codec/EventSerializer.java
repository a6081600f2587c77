package io.synthstream.contracts.codec;

import io.synthstream.contracts.events.Event;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for any synthstream event; also stamps the type and schema version as headers. */
public class EventSerializer implements Serializer<Event> {
    @Override
    public byte[] serialize(String topic, Event data) {
        return data == null ? null : EventJson.toBytes(data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Event data) {
        if (data != null && headers != null) {
            headers.remove(EventHeaders.EVENT_TYPE).add(EventHeaders.EVENT_TYPE, data.type().getBytes(StandardCharsets.UTF_8));
            headers.remove(EventHeaders.SCHEMA_VERSION)
                    .add(EventHeaders.SCHEMA_VERSION, Integer.toString(data.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        }
        return serialize(topic, data);
    }
}
