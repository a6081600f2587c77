package io.synthstream.contracts.codec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.synthstream.contracts.events.Event;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapping of synthstream events: ISO-8601 instants, unknown fields tolerated. */
public final class EventJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventJson() {
    }

    public static byte[] toBytes(Event event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + event.type(), e);
        }
    }

    public static String toJson(Event event) {
        return new String(toBytes(event), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Parses an event; throws {@link MalformedEventException} with a readable reason on bad input. */
    public static <T extends Event> T fromBytes(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException("empty payload, expected a " + type.getSimpleName() + " JSON object");
        }
        try {
            return MAPPER.readValue(bytes, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
