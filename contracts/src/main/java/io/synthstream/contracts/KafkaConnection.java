package io.synthstream.contracts;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a service reaches its Kafka cluster: the bootstrap servers plus whatever else every client needs
 * there (security protocol, SASL, TLS stores…), taken in a Quarkus service from all {@code kafka.*}
 * settings (Quarkus's {@code default-kafka-broker} map, which SmallRye's channels use too), so a plain
 * Kafka client made in code connects exactly as the channels do.
 */
public final class KafkaConnection {
    private final Map<String, Object> common;

    private KafkaConnection(Map<String, ?> settings) {
        common = new HashMap<>(settings);
        common.remove("group.id"); // Quarkus adds the application's name; a group belongs to one client, never to all
        if (Objects.toString(common.get("bootstrap.servers"), "").isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers (kafka.bootstrap.servers / KAFKA_BOOTSTRAP_SERVERS)");
        }
    }

    /** A cluster that needs nothing but its address (the local broker, tests). */
    public static KafkaConnection of(String bootstrapServers) {
        return new KafkaConnection(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** From Kafka client settings, {@code bootstrap.servers} included. */
    public static KafkaConnection of(Map<String, ?> settings) {
        return new KafkaConnection(settings);
    }

    public String bootstrapServers() {
        return common.get("bootstrap.servers").toString();
    }

    /** The common settings overlaid with one client's own (which win). */
    public Map<String, Object> clientConfig(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>(common);
        config.putAll(own);
        return config;
    }
}
