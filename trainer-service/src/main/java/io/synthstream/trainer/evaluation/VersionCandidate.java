package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TabularVersion;
import java.nio.file.Path;

/**
 * A generator version that passed its checks and may be published: the ONNX bytes, its preview grid and its figures.
 * A tabular version has no preview (null) and carries its {@code rows}: schema, encoding and tabular figures.
 */
public record VersionCandidate(byte[] onnx, byte[] previewPng, GeneratorContract contract, QualityMetrics metrics, long step,
                               Path folder, TabularVersion rows) {
    /** An image version. */
    public VersionCandidate(byte[] onnx, byte[] previewPng, GeneratorContract contract, QualityMetrics metrics, long step, Path folder) {
        this(onnx, previewPng, contract, metrics, step, folder, null);
    }
}
