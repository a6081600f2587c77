package io.synthstream.gateway;

import static io.synthstream.gateway.GatewayApiTest.as;
import static io.synthstream.gateway.GatewayApiTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synthstream.testing.KafkaBrokerTestResource;
import io.synthstream.testing.TestModelPublisher;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A benchmark's copy of a model is published on the model topics but never offered by the gateway. */
@QuarkusTest
@Order(3) // after GatewayApiTest, which needs a system where nothing is published yet
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(GeneratorProcessResource.class) // the same resources as the other classes: one Quarkus start for all
class BenchModelsHiddenTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aBenchCopyIsNeitherListedNorServedNorGenerated() throws Exception {
        try (var pub = new TestModelPublisher(bootstrap)) {
            pub.publish("bench-hidden", 1, 0f);
            pub.publish("shown-after-bench", 1, 0f); // published after it: once this one is listed, the catalog has read the copy
        }
        await("shown-after-bench in the catalog", () -> as(GatewayApiTest.USER).get("/api/v1/models/shown-after-bench").statusCode() == 200);

        List<String> names = as(GatewayApiTest.USER).get("/api/v1/models").then().statusCode(200).extract().jsonPath().getList("name");
        assertFalse(names.contains("bench-hidden"), names.toString());
        assertEquals(404, as(GatewayApiTest.USER).get("/api/v1/models/bench-hidden").statusCode());
        assertEquals(404, as(GatewayApiTest.USER).get("/api/v1/models/bench-hidden/versions/1/preview.png").statusCode());
        assertEquals(404, as(GatewayApiTest.USER).body(Map.of("model", "bench-hidden", "count", 2)).post("/api/v1/generations").statusCode());
    }
}
