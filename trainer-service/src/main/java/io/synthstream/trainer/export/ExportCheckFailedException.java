package io.synthstream.trainer.export;

/**
 * An exported generator that must not be published: its ONNX file has another output shape than announced, disagrees
 * with the network it was trained as, or cannot be quantized. The message says which; no version is made of it.
 */
public class ExportCheckFailedException extends RuntimeException {
    public ExportCheckFailedException(String message) {
        super(message);
    }
}
