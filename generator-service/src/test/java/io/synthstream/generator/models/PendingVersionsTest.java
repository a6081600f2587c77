package io.synthstream.generator.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.artifacts.ArtifactChunks;
import io.synthstream.contracts.artifacts.ArtifactKind;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Which announced versions the follower is offered to load, in which order, and which it never sees. */
class PendingVersionsTest {
    private static final int CHUNK = 4;
    private final ModelRegistry registry = new ModelRegistry(2, g -> { }); // empty: only its rollout policies count here
    private final PendingVersions pending = new PendingVersions(2);
    private final List<Long> offered = new ArrayList<>();

    private static byte[] artifact(long version) {
        return ("onnx of v" + version).getBytes(java.nio.charset.StandardCharsets.UTF_8); // 3 chunks of 4 bytes
    }

    private static ModelVersionPublished event(long version) {
        return new ModelVersionPublished("m", version, ArtifactChunks.describe(ArtifactKind.ONNX, artifact(version), CHUNK),
                null, null, null, null, null, null, Instant.EPOCH);
    }

    private static List<ConsumerRecord<String, byte[]>> chunks(ModelVersionPublished e) {
        return ArtifactChunks.records("m", e.version(), e.artifact(), artifact(e.version()), CHUNK).stream()
                .map(p -> new ConsumerRecord<>(p.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, p.key(), p.value(), p.headers(),
                        java.util.Optional.empty()))
                .toList();
    }

    /** Announces the versions and delivers all their chunks, as a replay does. */
    private void publish(long... versions) {
        for (long v : versions) {
            var e = event(v);
            pending.announced(e, registry.pinnedVersion("m"));
            chunks(e).forEach(c -> pending.chunk(e.key(), c));
        }
    }

    /** Offers what is ready; the load keeps every version but those in {@code refused}, and checks each artifact. */
    private List<Long> loadReady(Set<Long> refused) {
        offered.clear();
        pending.loadReady(registry, e -> {
            offered.add(e.version());
            assertArrayEquals(artifact(e.version()), pending.artifact(e), "the artifact rebuilt from its chunks");
            return !refused.contains(e.version());
        });
        return List.copyOf(offered);
    }

    @Test
    void theNewestKeepVersionsAreOfferedNewestFirstAndOlderOnesNever() {
        publish(1, 2, 3, 4, 5, 6);
        assertEquals(List.of(6L, 5L), loadReady(Set.of()));
        assertEquals(List.of(), loadReady(Set.of()), "the older ones were dropped, not kept for later");
        assertFalse(pending.contains("m", 4));
    }

    @Test
    void aRefusedVersionMakesRoomForTheNextOlder() {
        publish(1, 2, 3, 4);
        assertEquals(List.of(4L, 3L, 2L), loadReady(Set.of(4L)));
    }

    @Test
    void theVersionTheRolloutPinsIsKeptThroughTheReplayAndOfferedWhateverItsAge() {
        registry.setPolicy(new ModelRolloutChanged("m", ModelRolloutChanged.IMMEDIATE, 1L, null, "rollback", Instant.EPOCH));
        publish(1, 2, 3, 4, 5, 6);
        assertEquals(List.of(6L, 5L, 1L), loadReady(Set.of()));
    }

    @Test
    void aVersionIsOfferedOnlyOnceAllItsChunksAreHere() {
        var e = event(7);
        pending.announced(e, null);
        var parts = chunks(e);
        parts.subList(0, parts.size() - 1).forEach(c -> pending.chunk(e.key(), c));
        assertEquals(List.of(), loadReady(Set.of()));
        assertTrue(pending.contains("m", 7), "still waiting for its last chunk");
        pending.chunk(e.key(), parts.get(parts.size() - 1));
        assertEquals(List.of(7L), loadReady(Set.of()));
    }

    @Test
    void aRetiredVersionIsNeverOffered() {
        publish(1, 2);
        pending.retired(new ModelVersionPublished.VersionRef("m", 2));
        assertEquals(List.of(1L), loadReady(Set.of()));
    }
}
