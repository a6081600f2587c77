package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
