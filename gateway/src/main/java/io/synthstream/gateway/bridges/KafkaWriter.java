package io.synthstream.gateway.bridges;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.artifacts.VersionRecords;
import io.synthstream.contracts.events.Event;
import io.synthstream.contracts.events.ModelVersionPublished;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Writes the gateway's events; each call returns once Kafka has acknowledged the record. */
@ApplicationScoped
public class KafkaWriter {
    @Inject
    @Channel("requests-out")
    MutinyEmitter<Event> requests;
    @Inject
    @Channel("jobs-out")
    MutinyEmitter<Event> jobs;
    @Inject
    @Channel("rollout-out")
    MutinyEmitter<Event> rollouts;
    /** Every kafka.* setting (bootstrap servers, security…), as the channels connect. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaSettings;

    public void request(String key, Event e) {
        send(requests, key, e);
    }

    public void job(String key, Event e) {
        send(jobs, key, e);
    }

    public void rollout(String key, Event e) {
        send(rollouts, key, e);
    }

    /** Retires published versions: their tombstones in one transaction (docs/events.md, "Retiring a version"). */
    public void retire(List<ModelVersionPublished> versions) {
        VersionRecords.retire(KafkaConnection.of(kafkaSettings), "gateway-retire", versions);
    }

    private static void send(MutinyEmitter<Event> emitter, String key, Event e) {
        emitter.sendMessageAndAwait(Message.of(e).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
