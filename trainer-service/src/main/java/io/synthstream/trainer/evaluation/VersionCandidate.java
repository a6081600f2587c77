package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import java.nio.file.Path;

/** A generator version that passed its checks and may be published: the ONNX bytes, its preview grid and its figures. */
public record VersionCandidate(byte[] onnx, byte[] previewPng, GeneratorContract contract, QualityMetrics metrics, long step,
                               Path folder) {
}
