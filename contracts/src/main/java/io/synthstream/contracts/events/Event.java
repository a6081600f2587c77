package io.synthstream.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An event on a synthstream topic. Its JSON carries {@code type} and {@code schemaVersion} so a reader
 * can tell what it holds; readers ignore fields they do not know, so producers may add fields
 * without a new schema version. A field removed or changed in meaning bumps the schema version.
 */
public interface Event {
    @JsonProperty(value = "type", index = 0)
    default String type() {
        return getClass().getSimpleName();
    }

    @JsonProperty(value = "schemaVersion", index = 1)
    int schemaVersion();
}
