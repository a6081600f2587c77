package io.synthstream.contracts.codec;

import io.synthstream.contracts.events.Event;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for one event type. Throws {@link MalformedEventException} on bad payloads, so a
 * consumer can route them to a dead-letter topic (SmallRye: failure-strategy / DeserializationFailureHandler).
 * The nested subclasses exist so each can be named in configuration by class name.
 */
public class EventDeserializer<T extends Event> implements Deserializer<T> {
    private final Class<T> type;

    public EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : EventJson.fromBytes(data, type);
    }

    public static class TrainingJobs extends EventDeserializer<TrainingJobRequested> {
        public TrainingJobs() {
            super(TrainingJobRequested.class);
        }
    }

    public static class Progress extends EventDeserializer<TrainingProgress> {
        public Progress() {
            super(TrainingProgress.class);
        }
    }

    public static class ModelVersions extends EventDeserializer<ModelVersionPublished> {
        public ModelVersions() {
            super(ModelVersionPublished.class);
        }
    }

    public static class Rollouts extends EventDeserializer<io.synthstream.contracts.events.ModelRolloutChanged> {
        public Rollouts() {
            super(io.synthstream.contracts.events.ModelRolloutChanged.class);
        }
    }
}
