package io.synthstream.gateway.bridges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelRolloutChanged;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.testing.TestModelPublisher;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    private static ModelVersionPublished event(String model, long version) {
        return new ModelVersionPublished(model, version, new ModelVersionPublished.ArtifactRef("onnx", "application/onnx", "00", 1, 1), null,
                TestModelPublisher.contract(8), null, "job", "mnist", "conditional-mlp", Instant.EPOCH);
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(Topics.MODELS, 0, 0, key, value);
    }

    @Test
    void aTombstoneRetiresTheVersionItNames() {
        ModelCatalog catalog = new ModelCatalog();
        for (long v = 1; v <= 3; v++) catalog.version(record(ModelVersionPublished.key("m", v), EventJson.toBytes(event("m", v))));
        catalog.version(record(ModelVersionPublished.key("other", 1), EventJson.toBytes(event("other", 1))));

        catalog.version(record(ModelVersionPublished.key("m", 1), null));

        assertEquals(List.of(2L, 3L), catalog.versions("m").stream().map(ModelVersionPublished::version).toList());
        assertTrue(catalog.version("m", 1).isEmpty());
        assertEquals(3L, catalog.liveVersion("m").orElseThrow());
        assertEquals(1, catalog.versions("other").size(), "other models are untouched");

        catalog.version(record(ModelVersionPublished.key("other", 1), null));
        assertEquals(List.of("m"), catalog.names(), "a model with no version left is no longer listed");
    }

    @Test
    void aRolloutTombstoneRemovesThePolicy() {
        ModelCatalog catalog = new ModelCatalog();
        for (long v = 1; v <= 2; v++) catalog.version(record(ModelVersionPublished.key("m", v), EventJson.toBytes(event("m", v))));
        catalog.rollout(new ConsumerRecord<>(Topics.MODEL_ROLLOUT, 0, 0, "m",
                EventJson.toBytes(new ModelRolloutChanged("m", ModelRolloutChanged.IMMEDIATE, 1L, null, "rollback", Instant.EPOCH))));
        assertEquals(1L, catalog.liveVersion("m").orElseThrow());
        catalog.rollout(new ConsumerRecord<String, byte[]>(Topics.MODEL_ROLLOUT, 0, 1, "m", null));
        assertTrue(catalog.policy("m").isEmpty());
        assertEquals(2L, catalog.liveVersion("m").orElseThrow(), "the newest is live again, as on the generators");
    }

    @Test
    void aRequestTargetsTheVersionItNamesElseTheLiveOne() {
        ModelCatalog catalog = new ModelCatalog();
        for (long v = 1; v <= 3; v++) catalog.version(record(ModelVersionPublished.key("m", v), EventJson.toBytes(event("m", v))));
        assertEquals(3L, catalog.target("m", null).orElseThrow().version(), "no policy: the newest");
        catalog.rollout(new ModelRolloutChanged("m", ModelRolloutChanged.IMMEDIATE, 2L, null, "rollback", Instant.EPOCH));
        assertEquals(2L, catalog.target("m", null).orElseThrow().version(), "the pinned live one");
        assertEquals(1L, catalog.target("m", 1L).orElseThrow().version(), "the one named");
        assertTrue(catalog.target("m", 7L).isEmpty());
        assertTrue(catalog.target("nope", null).isEmpty());
    }
}
