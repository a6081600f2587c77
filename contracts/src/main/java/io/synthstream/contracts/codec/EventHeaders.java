package io.synthstream.contracts.codec;

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
}
