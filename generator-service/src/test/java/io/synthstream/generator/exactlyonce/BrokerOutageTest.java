package io.synthstream.generator.exactlyonce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.synthstream.contracts.KafkaConnection;
import io.synthstream.testing.KafkaBrokerTestResource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away in the middle of the stream for longer than the clients' timeouts, then comes back (its own
 * broker, restarted on the same ports and data): the loop must not stop, and every request is answered exactly once.
 */
class BrokerOutageTest {
    private final String clusterId = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    private final int port = freePort(), controllerPort = freePort();
    private final Path logDir;
    private EmbeddedKafkaBroker broker;
    private TransactionalRequestLoop loop;
    private final java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();

    BrokerOutageTest() throws Exception {
        logDir = Files.createTempDirectory("outage-broker");
    }

    private static int freePort() {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void startBroker() {
        broker = new EmbeddedKafkaBroker().withNodeId(1).withClusterId(clusterId).withKafkaHost("127.0.0.1").withKafkaPort(port)
                .withControllerPort(controllerPort).withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    KafkaBrokerTestResource.singleNode(p);
                    p.put("log.dir", logDir.toString());
                    p.put("transaction.state.log.num.partitions", "1");
                    p.put("offsets.topic.num.partitions", "1");
                })
                .start();
    }

    @AfterEach
    void stop() {
        if (loop != null) loop.close();
        if (broker != null) broker.close();
    }

    @Test
    void aBrokerAwayLongerThanTheClientsWaitIsWaitedForAndEveryRequestIsAnsweredOnce() throws Exception {
        startBroker();
        String bootstrap = "127.0.0.1:" + port, in = "outage-in", out = "outage-out";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, 2, (short) 1), new NewTopic(out, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // the clients give up after 3 s (the service's: 60 s), so the outage outlasts them many times over
        Map<String, String> quick = Map.of("max.block.ms", "3000", "request.timeout.ms", "2000", "delivery.timeout.ms", "3000",
                "transaction.timeout.ms", "20000");
        loop = new TransactionalRequestLoop(KafkaConnection.of(bootstrap), in, "outage-loop",
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "outage", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000",
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000", ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000"),
                quick, new Coalescing(Duration.ofMillis(2), Integer.MAX_VALUE, r -> 1), () -> true, new BatchAnswerer() {
                    @Override
                    public void answer(ConsumerRecords<String, byte[]> batch, Consumer<ProducerRecord<String, byte[]>> send) {
                        for (var r : batch) send.accept(new ProducerRecord<>(out, r.partition(), r.key(), r.value()));
                        try {
                            Thread.sleep(200); // a transaction stays open a while: the broker goes away in the middle of one
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> request, String reason) {
                        throw new AssertionError("nothing here fails in the answering: " + reason);
                    }

                    @Override
                    public void committed(long startNanos) {
                        committed.incrementAndGet();
                    }

                    @Override
                    public void aborted() {
                    }
                });
        Thread t = new Thread(loop, "outage-loop");
        t.setDaemon(true);
        t.start();

        // a request every 50 ms, each transaction open ≥ 200 ms: the broker goes away in the middle of one
        Thread sender = new Thread(() -> send(bootstrap, in, 60), "outage-requests");
        sender.start();
        long answering = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (committed.get() < 2 && System.nanoTime() < answering) Thread.sleep(10);
        assertTrue(committed.get() >= 2, "the loop answers before the outage");
        broker.close();
        Thread.sleep(12_000); // four times the clients' patience
        assertNull(loop.failure(), "the loop waits for the broker");
        startBroker();
        sender.join(TimeUnit.SECONDS.toMillis(120));

        Map<String, Integer> seen = new HashMap<>();
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(out));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120), quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (var r : c.poll(Duration.ofMillis(200))) seen.merge(r.key(), 1, Integer::sum);
                if (seen.size() >= 60 && quietUntil == Long.MAX_VALUE) quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            }
        }
        assertEquals(60, seen.size(), "every request answered: " + seen.keySet());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "each once: " + seen);
        assertNull(loop.failure(), "the loop is still running");
        assertTrue(loop.isConsuming());
    }

    /** Requests 50 ms apart; those sent while the broker is away wait in the producer (its delivery timeout: 2 min). */
    private static void send(String bootstrap, String topic, int n) {
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, i % 2, "r" + i, new byte[] {(byte) i}));
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
