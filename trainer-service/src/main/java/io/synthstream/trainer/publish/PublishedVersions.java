package io.synthstream.trainer.publish;

import io.synthstream.contracts.artifacts.ArtifactKind;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.artifacts.ArtifactChunks;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.ArtifactRef;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.evaluation.VersionCandidate;
import java.time.Instant;

/** Builds the "model version published" event for a candidate. */
public final class PublishedVersions {
    private PublishedVersions() {
    }

    public static ArtifactRef onnxRef(VersionCandidate c) {
        return ArtifactChunks.describe(ArtifactKind.ONNX, c.onnx(), Topics.ARTIFACT_CHUNK_BYTES);
    }

    /** Null for a version without a preview (a tabular one). */
    public static ArtifactRef previewRef(VersionCandidate c) {
        if (c.previewPng() == null) return null;
        return ArtifactChunks.describe(ArtifactKind.PREVIEW_PNG, c.previewPng(), Topics.ARTIFACT_CHUNK_BYTES);
    }

    public static ModelVersionPublished event(TrainingJobRequested job, VersionCandidate c, long version) {
        return new ModelVersionPublished(job.modelName(), version, onnxRef(c), previewRef(c), c.contract(), c.metrics(),
                job.jobId(), job.dataset(), job.architecture(), Instant.now(), c.rows());
    }
}
