package io.synthstream.contracts;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

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

    /**
     * For command-line tools, as Kafka's own take it: the client settings of a properties file
     * ({@code --command-config}: security.protocol, sasl.*, ssl.*…) with {@code --bootstrap-servers} over the
     * file's own; without either, {@code defaultBootstrap}; empty when that is null too.
     */
    public static Optional<KafkaConnection> forTool(String bootstrapServers, Path commandConfig, String defaultBootstrap) {
        Map<String, Object> settings = new HashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                file.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the Kafka client settings in " + commandConfig + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
            }
            file.forEach((k, v) -> settings.put(k.toString(), v));
        }
        if (bootstrapServers != null) settings.put("bootstrap.servers", bootstrapServers);
        if (!settings.containsKey("bootstrap.servers")) {
            if (defaultBootstrap == null) return Optional.empty();
            settings.put("bootstrap.servers", defaultBootstrap);
        }
        return Optional.of(new KafkaConnection(settings));
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
