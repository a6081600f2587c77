package io.synthstream.contracts.artifacts;

import io.synthstream.contracts.codec.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The artifacts a model version is published with ({@code ArtifactRef.kind} and the chunks' kind header carry the
 * {@link #wireName()}): the generator's ONNX graph, which generators load, and a preview grid, which the gateway shows.
 */
public enum ArtifactKind {
    ONNX("onnx", "application/onnx"),
    PREVIEW_PNG("preview-png", "image/png");

    private final String wireName;
    private final String mediaType;

    ArtifactKind(String wireName, String mediaType) {
        this.wireName = wireName;
        this.mediaType = mediaType;
    }

    public String wireName() {
        return wireName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Whether a record of the artifact topic is a chunk of an artifact of this kind. */
    public boolean isKindOf(ConsumerRecord<?, ?> chunk) {
        return wireName.equals(EventHeaders.text(chunk, EventHeaders.ARTIFACT_KIND));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
