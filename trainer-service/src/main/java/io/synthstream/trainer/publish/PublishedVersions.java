package io.synthstream.trainer.publish;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ArtifactChunks;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.ArtifactRef;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.evaluation.VersionCandidate;
import java.time.Instant;

/** Builds the "model version published" event for a candidate. */
public final class PublishedVersions {
    public static final String ONNX_KIND = "onnx";
    public static final String PREVIEW_KIND = "preview-png";

    private PublishedVersions() {
    }

    public static ArtifactRef onnxRef(VersionCandidate c) {
        return ArtifactChunks.describe(ONNX_KIND, "application/onnx", c.onnx(), Topics.ARTIFACT_CHUNK_BYTES);
    }

    public static ArtifactRef previewRef(VersionCandidate c) {
        return ArtifactChunks.describe(PREVIEW_KIND, "image/png", c.previewPng(), Topics.ARTIFACT_CHUNK_BYTES);
    }

    public static ModelVersionPublished event(TrainingJobRequested job, VersionCandidate c, long version) {
        return new ModelVersionPublished(job.modelName(), version, onnxRef(c), previewRef(c), c.contract(), c.metrics(),
                job.jobId(), job.dataset(), job.architecture(), Instant.now());
    }
}
