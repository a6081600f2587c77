package io.synthstream.contracts.artifacts;

import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.events.ModelVersionPublished.ArtifactRef;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Collects chunk records from {@code synthstream.models.artifacts} and rebuilds artifacts, checking the
 * announced size and sha256. Not thread-safe; one per reader.
 */
public final class ArtifactAssembler {
    private final Map<String, byte[][]> chunks = new HashMap<>();

    /** Accepts one chunk record; records without chunk headers are ignored. */
    public void accept(ConsumerRecord<String, byte[]> record) {
        String model = EventHeaders.text(record, EventHeaders.MODEL);
        String version = EventHeaders.text(record, EventHeaders.VERSION);
        String kind = EventHeaders.text(record, EventHeaders.ARTIFACT_KIND);
        String index = EventHeaders.text(record, EventHeaders.CHUNK_INDEX);
        String count = EventHeaders.text(record, EventHeaders.CHUNK_COUNT);
        if (model == null || version == null || kind == null || index == null || count == null || record.value() == null) {
            return;
        }
        int n = Integer.parseInt(count);
        int i = Integer.parseInt(index);
        if (i < 0 || i >= n) {
            return;
        }
        byte[][] parts = chunks.computeIfAbsent(key(model, Long.parseLong(version), kind), k -> new byte[n][]);
        if (parts.length == n) {
            parts[i] = record.value();
        }
    }

    /** Whether every chunk of the artifact has arrived. */
    public boolean isComplete(String model, long version, ArtifactRef ref) {
        byte[][] parts = chunks.get(key(model, version, ref.kind()));
        if (parts == null || parts.length != ref.chunkCount()) return false;
        for (byte[] p : parts) if (p == null) return false;
        return true;
    }

    /**
     * The artifact, or empty while chunks are missing.
     *
     * @throws CorruptArtifactException when all chunks are there but size or sha256 differ from the event
     */
    public Optional<byte[]> assemble(String model, long version, ArtifactRef ref) {
        if (!isComplete(model, version, ref)) return Optional.empty();
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) ref.sizeBytes());
        for (byte[] p : chunks.get(key(model, version, ref.kind()))) out.writeBytes(p);
        byte[] bytes = out.toByteArray();
        if (bytes.length != ref.sizeBytes()) {
            throw new CorruptArtifactException(model + " v" + version + " " + ref.kind() + ": size " + bytes.length
                    + " != announced " + ref.sizeBytes());
        }
        String sha = ArtifactChunks.sha256(bytes);
        if (!sha.equals(ref.sha256())) {
            throw new CorruptArtifactException(model + " v" + version + " " + ref.kind() + ": sha256 " + sha
                    + " != announced " + ref.sha256());
        }
        return Optional.of(bytes);
    }

    /** Drops the chunks of one version (after loading it, or when it is retired). */
    public void forget(String model, long version, String kind) {
        chunks.remove(key(model, version, kind));
    }

    private static String key(String model, long version, String kind) {
        return model + "/" + version + "/" + kind;
    }


    public static class CorruptArtifactException extends RuntimeException {
        public CorruptArtifactException(String message) {
            super(message);
        }
    }
}
