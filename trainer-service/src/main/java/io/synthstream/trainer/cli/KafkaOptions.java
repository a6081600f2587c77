package io.synthstream.trainer.cli;

import io.synthstream.contracts.KafkaConnection;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How a command reaches Kafka: its address and, for a secured cluster, a client settings file as Kafka's own tools take. */
final class KafkaOptions {
    static final String LOCAL = "127.0.0.1:9092";

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: the command config's, else " + LOCAL
            + "; train: none, versions go to the work dir only).")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client settings (security.protocol, sasl.*, ssl.*…) in a properties file, as Kafka's own tools take them.")
    Path commandConfig;

    KafkaConnection connection() {
        return KafkaConnection.forTool(bootstrapServers, commandConfig, LOCAL).orElseThrow();
    }

    /** Only when a cluster was named (train publishes to Kafka only then). */
    Optional<KafkaConnection> connectionIfNamed() {
        return KafkaConnection.forTool(bootstrapServers, commandConfig, null);
    }
}
