package io.synthstream.gateway.bridges;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.gateway.GatewayConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Map;

@ApplicationScoped
public class GatewayBeans {
    /**
     * Creates the shared topics and this instance's reply topic before the channels start, connecting with
     * every kafka.* setting (bootstrap servers, security…) as the channels do.
     */
    void topics(@Observes @Priority(1) StartupEvent ev, GatewayConfig config,
                @Identifier("default-kafka-broker") Map<String, Object> kafkaSettings) {
        var specs = new ArrayList<>(Topics.all());
        specs.add(new Topics.TopicSpec(replyTopic(config), Topics.REQUEST_PARTITIONS, Map.of(
                "cleanup.policy", "delete", "retention.ms", String.valueOf(3600_000L),
                "max.message.bytes", String.valueOf(Topics.ARTIFACT_MAX_MESSAGE_BYTES))));
        TopicProvisioner.ensure(KafkaConnection.of(kafkaSettings), specs);
    }

    public static String replyTopic(GatewayConfig config) {
        return Topics.REPLY_TOPIC_PREFIX + "gateway-" + config.instanceId();
    }

    @Produces
    @Singleton
    GenerationStore generations(GatewayConfig config) {
        return new GenerationStore(config.keepGenerations());
    }
}
