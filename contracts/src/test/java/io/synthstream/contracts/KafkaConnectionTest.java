package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {
    private final KafkaConnection secured = KafkaConnection.of(Map.of("bootstrap.servers", "kafka:9093",
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "group.id", "synthstream-generator"));

    @Test
    void everyClientGetsTheClusterSettingsAndItsOwn() {
        Map<String, Object> config = secured.clientConfig(Map.of("isolation.level", "read_committed"));
        assertEquals("kafka:9093", config.get("bootstrap.servers"));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", config.get("sasl.mechanism"));
        assertEquals("read_committed", config.get("isolation.level"));
    }

    @Test
    void aClientsOwnSettingWinsAndNoGroupIsShared() {
        assertFalse(secured.clientConfig(Map.of()).containsKey("group.id"), "Quarkus's application-name group must not reach every client");
        assertEquals("loop", secured.clientConfig(Map.of("group.id", "loop")).get("group.id"));
        assertEquals("SSL", secured.clientConfig(Map.of("security.protocol", "SSL")).get("security.protocol"));
    }

    @Test
    void noBootstrapServersIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.of(Map.of("security.protocol", "SSL")));
        assertEquals("no Kafka bootstrap servers (kafka.bootstrap.servers / KAFKA_BOOTSTRAP_SERVERS)", e.getMessage());
        assertEquals("kafka:9093", secured.bootstrapServers());
    }

    @Test
    void toolsReadACommandConfigFileAsKafkasOwnToolsDo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "bootstrap.servers=kafka:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        var fromFile = KafkaConnection.forTool(null, file, "127.0.0.1:9092").orElseThrow();
        assertEquals("kafka:9093", fromFile.bootstrapServers());
        assertEquals("SASL_SSL", fromFile.clientConfig(Map.of()).get("security.protocol"));
        assertEquals("other:9093", KafkaConnection.forTool("other:9093", file, null).orElseThrow().bootstrapServers(), "the flag wins");
        assertEquals("127.0.0.1:9092", KafkaConnection.forTool(null, null, "127.0.0.1:9092").orElseThrow().bootstrapServers());
        assertTrue(KafkaConnection.forTool(null, null, null).isEmpty(), "no cluster asked for: none");
        var e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.forTool(null, dir.resolve("missing"), null));
        assertTrue(e.getMessage().startsWith("cannot read the Kafka client settings in "), e.getMessage());
    }
}
