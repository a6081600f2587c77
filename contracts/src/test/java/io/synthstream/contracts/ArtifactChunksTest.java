package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.artifacts.ArtifactAssembler;
import io.synthstream.contracts.artifacts.ArtifactChunks;
import io.synthstream.contracts.events.ModelVersionPublished.ArtifactRef;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ArtifactChunksTest {

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> p) {
        return new ConsumerRecord<>(p.topic(), 0, 0, 0L, TimestampType.CREATE_TIME, 0, 0, p.key(), p.value(),
                new RecordHeaders(p.headers().toArray()), java.util.Optional.empty());
    }

    @Test
    void chunksReassembleInAnyOrderAndStayUnderTheRecordLimit() {
        byte[] artifact = new byte[2_300_001];
        new Random(1).nextBytes(artifact);
        ArtifactRef ref = ArtifactChunks.describe("onnx", "application/onnx", artifact, Topics.ARTIFACT_CHUNK_BYTES);
        List<ProducerRecord<String, byte[]>> records = new java.util.ArrayList<>(
                ArtifactChunks.records("m", 7, ref, artifact, Topics.ARTIFACT_CHUNK_BYTES));
        assertEquals(5, ref.chunkCount());
        assertEquals(5, records.size());
        records.forEach(r -> assertTrue(r.value().length <= 512 * 1024));
        Collections.shuffle(records, new Random(2));
        ArtifactAssembler assembler = new ArtifactAssembler();
        for (int i = 0; i < records.size(); i++) {
            assertFalse(assembler.isComplete("m", 7, ref));
            assembler.accept(consumed(records.get(i)));
        }
        assertArrayEquals(artifact, assembler.assemble("m", 7, ref).orElseThrow());
    }

    @Test
    void aTamperedChunkIsRefused() {
        byte[] artifact = new byte[1000];
        new Random(3).nextBytes(artifact);
        ArtifactRef ref = ArtifactChunks.describe("onnx", "application/onnx", artifact, 300);
        ArtifactAssembler assembler = new ArtifactAssembler();
        for (var r : ArtifactChunks.records("m", 1, ref, artifact, 300)) {
            if (r.key().endsWith("/2")) r.value()[5] ^= 1;
            assembler.accept(consumed(r));
        }
        var e = assertThrows(ArtifactAssembler.CorruptArtifactException.class, () -> assembler.assemble("m", 1, ref));
        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
    }
}
