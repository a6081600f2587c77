package io.synthstream.contracts.artifacts;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.ArtifactRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Splits an artifact into records for {@code synthstream.models.artifacts}. Record key
 * {@code model/version/kind/index}, value = raw bytes of the chunk, headers name the model, version,
 * kind, chunk index and count and the whole artifact's sha256.
 */
public final class ArtifactChunks {
    private ArtifactChunks() {
    }

    public static ArtifactRef describe(ArtifactKind kind, byte[] artifact, int chunkBytes) {
        return describe(kind.wireName(), kind.mediaType(), artifact, chunkBytes);
    }

    public static ArtifactRef describe(String kind, String mediaType, byte[] artifact, int chunkBytes) {
        int count = Math.max(1, (artifact.length + chunkBytes - 1) / chunkBytes);
        return new ArtifactRef(kind, mediaType, sha256(artifact), artifact.length, count);
    }

    public static List<ProducerRecord<String, byte[]>> records(String model, long version, ArtifactRef ref, byte[] artifact,
                                                               int chunkBytes) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(ref.chunkCount());
        for (int i = 0; i < ref.chunkCount(); i++) {
            byte[] chunk = Arrays.copyOfRange(artifact, i * chunkBytes, Math.min(artifact.length, (i + 1) * chunkBytes));
            RecordHeaders h = new RecordHeaders();
            h.add(EventHeaders.MODEL, utf8(model));
            h.add(EventHeaders.VERSION, utf8(Long.toString(version)));
            h.add(EventHeaders.ARTIFACT_KIND, utf8(ref.kind()));
            h.add(EventHeaders.CHUNK_INDEX, utf8(Integer.toString(i)));
            h.add(EventHeaders.CHUNK_COUNT, utf8(Integer.toString(ref.chunkCount())));
            h.add(EventHeaders.SHA256, utf8(ref.sha256()));
            out.add(new ProducerRecord<>(Topics.MODEL_ARTIFACTS, null, chunkKey(model, version, ref.kind(), i), chunk, h));
        }
        return out;
    }

    public static String chunkKey(String model, long version, String kind, int index) {
        return ModelVersionPublished.key(model, version) + "/" + kind + "/" + index;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
