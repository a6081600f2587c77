package io.synthstream.generator.bench;

import io.synthstream.contracts.KafkaConnection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the bench tools reach Kafka, as the trainer's CLI and Kafka's own tools take it (that mixin lives in the trainer module). */
final class BenchKafkaOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: the command config's, else 127.0.0.1:9092).")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client settings (security.protocol, sasl.*, ssl.*…) in a properties file, as Kafka's own tools take them.")
    Path commandConfig;

    KafkaConnection connection() {
        return KafkaConnection.forTool(bootstrapServers, commandConfig, "127.0.0.1:9092").orElseThrow();
    }
}
