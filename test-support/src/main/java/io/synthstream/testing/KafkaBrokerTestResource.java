package io.synthstream.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.util.Map;

/**
 * A real single-node KRaft Kafka broker, in process, on 127.0.0.1 (no Docker). Shared by every test
 * class of a module that declares {@code @WithTestResource(KafkaBrokerTestResource.class)} (restrictToAnnotatedClass
 * false), so Quarkus and the broker start once per module.
 */
public class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedKafkaBroker broker;

    /** Starts the broker (once per JVM) and returns its bootstrap servers; also usable from plain JUnit tests. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withAdditionalProperties(p -> {
                        singleNode(p);
                        p.put("message.max.bytes", "2097152");
                        // Kafka's default is true, deployments set false (compose, k8s); a module whose tests need topics not to
                        // come back by themselves (a deleted reply topic) sets the system property to false
                        p.put("auto.create.topics.enable", System.getProperty("synthstream.test.broker.auto-create-topics", "true"));
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBrokerTestResource::stopBroker));
        }
        return broker.getAdvertisedListeners();
    }

    /** What a one-broker cluster needs: Kafka's internal topics with one replica, and no wait before a group's first rebalance. */
    public static void singleNode(java.util.Properties p) {
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // as our brokers run (bin/kafka-local, compose, k8s): a transaction past its timeout is aborted within a second
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    }

    private static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker lives for the whole test JVM: several Quarkus restarts (profiles) reuse it.
    }
}
