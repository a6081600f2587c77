package io.synthstream.generator.models;

/** A model version that must not serve: bad checksum, unloadable ONNX, or outputs that break its contract. */
public class ArtifactRefusedException extends Exception {
    public ArtifactRefusedException(String message) {
        super(message);
    }

    public ArtifactRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
