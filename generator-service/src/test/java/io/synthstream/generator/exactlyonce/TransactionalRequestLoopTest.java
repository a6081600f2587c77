package io.synthstream.generator.exactlyonce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.testing.KafkaBrokerTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** The transactional loop on a real broker, with its own topics and group: aborts are retried, a fenced loop stops. */
class TransactionalRequestLoopTest {
    private final String bootstrap = KafkaBrokerTestResource.bootstrapServers();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String in = "loop-test-in-" + id, out = "loop-test-out-" + id;
    private final List<TransactionalRequestLoop> loops = new ArrayList<>();
    /** The keys each loop's committed transactions sent, as the loop reported them (what metrics count). */
    private final List<String> reportedCommitted = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loops.forEach(TransactionalRequestLoop::close);
    }

    private TransactionalRequestLoop start(String transactionalId,
                                           BiConsumer<ConsumerRecords<String, byte[]>, Consumer<ProducerRecord<String, byte[]>>> answer) {
        return start(transactionalId, new Coalescing(Duration.ofMillis(2), Integer.MAX_VALUE, r -> 1), answer);
    }

    private TransactionalRequestLoop start(String transactionalId, Coalescing coalescing,
                                           BiConsumer<ConsumerRecords<String, byte[]>, Consumer<ProducerRecord<String, byte[]>>> answer) {
        return start(transactionalId, coalescing, Map.of(), answer);
    }

    private TransactionalRequestLoop start(String transactionalId, Coalescing coalescing, Map<String, String> producerSettings,
                                           BiConsumer<ConsumerRecords<String, byte[]>, Consumer<ProducerRecord<String, byte[]>>> answer) {
        var loop = new TransactionalRequestLoop(KafkaConnection.of(bootstrap), in, transactionalId, Map.of(ConsumerConfig.GROUP_ID_CONFIG, "loop-test-" + id,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000", ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100"), // as the service sets it
                producerSettings, coalescing, () -> true, new BatchAnswerer() {
                    private final List<String> sent = new ArrayList<>(); // this transaction's, the loop's thread only

                    @Override
                    public void answer(ConsumerRecords<String, byte[]> batch, Consumer<ProducerRecord<String, byte[]>> send) {
                        answer.accept(batch, r -> {
                            sent.add(r.key());
                            send.accept(r);
                        });
                    }

                    @Override
                    public ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
                        sent.add("dead-" + r.key());
                        return new ProducerRecord<>(out, "dead-" + r.key(), reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }

                    @Override
                    public void committed(long startNanos) {
                        reportedCommitted.addAll(sent);
                        sent.clear();
                    }

                    @Override
                    public void aborted() {
                        sent.clear();
                    }
                });
        loops.add(loop);
        Thread t = new Thread(loop, "loop-" + transactionalId);
        t.setDaemon(true);
        t.start();
        return loop;
    }

    private static void echo(ConsumerRecords<String, byte[]> batch, Consumer<ProducerRecord<String, byte[]>> send, String out) {
        for (var r : batch) send.accept(new ProducerRecord<>(out, r.key(), r.value()));
    }

    private void createTopics(int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(in, partitions, (short) 1), new NewTopic(out, partitions, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private void awaitConsuming(TransactionalRequestLoop loop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!loop.isConsuming() && System.nanoTime() < deadline) Thread.sleep(50);
        Thread.sleep(1000); // the group assigned its partitions
    }

    private void send(int n, int partitions) {
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) p.send(new ProducerRecord<>(in, i % partitions, "r" + i, new byte[] {(byte) i}));
        }
    }

    /** Every key read from the output, with how often, until {@code n} distinct keys were seen and 2 s passed quietly. */
    private Map<String, Integer> read(String isolation, int n) {
        Map<String, Integer> seen = new HashMap<>();
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(out));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) seen.merge(r.key(), 1, Integer::sum);
                if (seen.size() >= n && quietUntil == Long.MAX_VALUE) quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            }
        }
        return seen;
    }

    @Test
    void aFailedTransactionIsAbortedAndItsBatchAnsweredAgainOnce() throws Exception {
        createTopics(2);
        AtomicInteger calls = new AtomicInteger();
        var loop = start("loop-test-tx-" + id, (batch, send) -> {
            echo(batch, send, out);
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("injected failure after sending");
        });
        send(20, 2);
        Map<String, Integer> committed = read("read_committed", 20);
        assertEquals(20, committed.size(), "every request answered: " + committed.keySet());
        assertTrue(committed.values().stream().allMatch(c -> c == 1), "each answered once for read_committed: " + committed);
        assertTrue(calls.get() >= 2, "the failed batch was answered again");
        assertEquals(committed.keySet(), Set.copyOf(reportedCommitted), "the loop reports what it committed");
        assertEquals(20, reportedCommitted.size(), "and only once, the aborted transaction not counted: " + reportedCommitted);
        assertNull(loop.failure());
        assertTrue(loop.isConsuming());
    }

    @Test
    void aLoopFencedByANewerOneWithItsIdStopsAndTheNewerAnswersEverything() throws Exception {
        createTopics(2);
        String txId = "loop-test-fenced-" + id;
        var old = start(txId, (batch, send) -> echo(batch, send, out));
        awaitConsuming(old);
        var newer = start(txId, (batch, send) -> echo(batch, send, out)); // initTransactions fences the old producer
        awaitConsuming(newer);
        send(40, 2); // both partitions: whichever the old loop owns fails it
        Map<String, Integer> committed = read("read_committed", 40);
        assertEquals(40, committed.size(), "every request answered: " + committed.keySet());
        assertTrue(committed.values().stream().allMatch(c -> c == 1), "each answered once: " + committed);
        assertNotNull(old.failure(), "the fenced loop reports why it stopped");
        assertFalse(old.isConsuming());
        assertNull(newer.failure());
    }

    @Test
    void requestsArrivingWithinTheMaxWaitAreAnsweredTogether() throws Exception {
        createTopics(1);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        var loop = start("loop-test-wait-" + id, new Coalescing(Duration.ofMillis(1500), 1000, r -> 1), (batch, send) -> {
            batches.add(batch.count());
            echo(batch, send, out);
        });
        awaitConsuming(loop);
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 4; i++) {
                p.send(new ProducerRecord<>(in, "r" + i, new byte[] {(byte) i}));
                p.flush();
                Thread.sleep(100);
            }
        }
        Map<String, Integer> committed = read("read_committed", 4);
        assertEquals(4, committed.size(), "every request answered: " + committed.keySet());
        assertEquals(List.of(4), batches, "four requests 100 ms apart, each waiting up to 1.5 s for company: one batch");
    }

    @Test
    void aBatchThatAsksForTheFullSampleCountIsAnsweredWithoutWaitingOutTheMaxWait() throws Exception {
        createTopics(1);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        List<Long> answeredAt = new CopyOnWriteArrayList<>();
        // each request asks for the samples its one value byte says: 2 + 3 + 5 = 10 fills the batch
        var loop = start("loop-test-full-" + id, new Coalescing(Duration.ofMinutes(2), 10, r -> r.value()[0]), (batch, send) -> {
            batches.add(batch.count());
            answeredAt.add(System.nanoTime());
            echo(batch, send, out);
        });
        awaitConsuming(loop);
        long sent = System.nanoTime();
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int samples : new int[] {2, 3, 5}) p.send(new ProducerRecord<>(in, "r" + samples, new byte[] {(byte) samples}));
        }
        Map<String, Integer> committed = read("read_committed", 3);
        assertEquals(3, committed.size(), "every request answered: " + committed.keySet());
        assertEquals(List.of(3), batches, "the three requests in one batch");
        assertTrue(answeredAt.get(0) - sent < TimeUnit.SECONDS.toNanos(60), "a full batch does not wait the 2 minutes out");
    }

    @Test
    void aTransactionAnswersNoMoreThanItsByteBudgetAndTheRestFollowsInOrderOnce() throws Exception {
        createTopics(2);
        // each request's answer takes (its one value byte) × 1 000 bytes; a transaction at most 5 000
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        List<Long> batchBytes = new CopyOnWriteArrayList<>();
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) p.send(new ProducerRecord<>(in, i % 2, String.format("p%d-%02d", i % 2, i), new byte[] {2}));
            p.send(new ProducerRecord<>(in, 0, "p0-big", new byte[] {9})); // over the budget alone: a transaction of its own
        }
        start("loop-test-budget-" + id, new Coalescing(Duration.ofMillis(2), Integer.MAX_VALUE, r -> 1, 5_000, r -> r.value()[0] * 1_000L),
                (batch, send) -> {
                    List<String> keys = new ArrayList<>();
                    long bytes = 0;
                    for (var r : batch) {
                        keys.add(r.key());
                        bytes += r.value()[0] * 1_000L;
                    }
                    batches.add(keys);
                    batchBytes.add(bytes);
                    echo(batch, send, out);
                });
        Map<String, Integer> committed = read("read_committed", 21);
        assertEquals(21, committed.size(), "every request answered: " + committed.keySet());
        assertTrue(committed.values().stream().allMatch(n -> n == 1), "none twice: " + committed);
        for (int b = 0; b < batches.size(); b++) {
            assertTrue(batchBytes.get(b) <= 5_000 || batches.get(b).size() == 1, "over the budget: " + batches.get(b));
        }
        assertTrue(batches.stream().anyMatch(k -> k.size() == 2), "requests still share transactions: " + batches);
        assertTrue(batches.contains(List.of("p0-big")), "the large one alone: " + batches);
        // per partition, in order
        for (String partition : List.of("p0-", "p1-")) {
            List<String> order = batches.stream().flatMap(List::stream).filter(k -> k.startsWith(partition)).toList();
            assertEquals(order.stream().sorted().toList(), order, "partition order kept"); // p0-big, sent last, sorts last
        }
    }

    @Test
    void aRequestThatAnsweringFailsOnEveryTimeIsDeadLetteredAndTheOthersAreAnsweredOnce() throws Exception {
        createTopics(2);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        AtomicInteger poisonAttempts = new AtomicInteger();
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 12; i++) p.send(new ProducerRecord<>(in, i % 2, i == 5 ? "poison" : "r" + i, new byte[] {1}));
        }
        var loop = start("loop-test-poison-" + id, (batch, send) -> {
            batchSizes.add(batch.count());
            echo(batch, send, out);
            for (var r : batch) {
                if (r.key().equals("poison")) {
                    poisonAttempts.incrementAndGet();
                    throw new IllegalStateException("cannot encode this one");
                }
            }
        });
        Map<String, Integer> committed = read("read_committed", 12);
        assertEquals(12, committed.size(), "11 answered and one dead letter: " + committed.keySet());
        assertTrue(committed.values().stream().allMatch(c -> c == 1), "each once: " + committed);
        assertTrue(committed.containsKey("dead-poison") && !committed.containsKey("poison"), committed.keySet().toString());
        assertTrue(poisonAttempts.get() >= FailingRequests.ATTEMPTS, "tried alone before giving up: " + poisonAttempts);
        assertEquals(committed.keySet(), Set.copyOf(reportedCommitted), "the loop reports what it committed, the dead letter too");
        assertEquals(12, reportedCommitted.size(), "each once, none of the aborted attempts: " + reportedCommitted);
        // the loop goes on, and batches requests together again
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 30; i++) p.send(new ProducerRecord<>(in, 0, "later" + i, new byte[] {1}));
        }
        assertEquals(42, read("read_committed", 42).size());
        assertTrue(batchSizes.get(batchSizes.size() - 1) > 1 || batchSizes.stream().skip(batchSizes.size() - 5).anyMatch(n -> n > 1),
                "batches again after the poison: " + batchSizes);
        assertNull(loop.failure());
        assertTrue(loop.isConsuming());
    }

    /**
     * A poison request deep in a large batch is found by halving, not by answering the requests before it one per
     * transaction (which stalled every partition of the replica for hundreds of transactions).
     */
    @Test
    void aRequestThatFailsDeepInALargeBatchIsFoundInAFewTransactions() throws Exception {
        createTopics(1);
        int n = 400, poison = 300;
        sendWithPoison(n, poison, i -> 1);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        var loop = start("loop-test-deep-poison-" + id, failingOnPoison(batch -> attempts.add(batch.count())));
        assertAnsweredOnceAndPoisonDeadLettered(n);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("a poison request at %d of %d: %d answering attempts in %d ms: %s%n", poison, n, attempts.size(), ms, attempts);
        // halving: about 2 × log2(400) attempts, the 3 alone included; one per request would be ~300
        assertTrue(attempts.size() <= 40, attempts.size() + " attempts: " + attempts);
        assertNull(loop.failure());
    }

    @Test
    void theSearchForARequestThatFailsKeepsEachTransactionWithinItsByteBudget() throws Exception {
        createTopics(1);
        // answers of 1 000 bytes (the first ten, the last of them failing) then of 5 000; a transaction at most 10 000
        int n = 30;
        sendWithPoison(n, 9, i -> i < 10 ? 1 : 5);
        List<Long> attemptBytes = new CopyOnWriteArrayList<>();
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        start("loop-test-poison-budget-" + id, new Coalescing(Duration.ofMillis(2), Integer.MAX_VALUE, r -> 1, 10_000, r -> r.value()[0] * 1_000L),
                failingOnPoison(batch -> {
                    long bytes = 0;
                    for (var r : batch) bytes += r.value()[0] * 1_000L;
                    attemptBytes.add(bytes);
                    attempts.add(batch.count());
                }));
        assertAnsweredOnceAndPoisonDeadLettered(n);
        for (int i = 0; i < attempts.size(); i++) {
            assertTrue(attemptBytes.get(i) <= 10_000 || attempts.get(i) == 1,
                    "no transaction over the budget, the search's included: " + attempts + " " + attemptBytes);
        }
    }

    /** {@code n} requests on partition 0, the one at {@code poison} keyed "poison", each with the one value byte given. */
    private void sendWithPoison(int n, int poison, java.util.function.IntUnaryOperator valueOf) {
        try (var p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) p.send(new ProducerRecord<>(in, 0, i == poison ? "poison" : "r" + i, new byte[] {(byte) valueOf.applyAsInt(i)}));
        }
    }

    /** Echoes each batch after showing it to {@code seen}, and fails every batch that holds the request keyed "poison". */
    private BiConsumer<ConsumerRecords<String, byte[]>, Consumer<ProducerRecord<String, byte[]>>> failingOnPoison(
            Consumer<ConsumerRecords<String, byte[]>> seen) {
        return (batch, send) -> {
            seen.accept(batch);
            echo(batch, send, out);
            for (var r : batch) if (r.key().equals("poison")) throw new IllegalStateException("cannot encode this one");
        };
    }

    private void assertAnsweredOnceAndPoisonDeadLettered(int n) {
        Map<String, Integer> committed = read("read_committed", n);
        assertEquals(n, committed.size(), (n - 1) + " answered and one dead letter");
        assertTrue(committed.values().stream().allMatch(c -> c == 1), "each once");
        assertTrue(committed.containsKey("dead-poison"), committed.keySet().toString());
    }

    /**
     * A transaction that outlives transaction.timeout.ms is aborted by the coordinator (our brokers check every second):
     * its batch is split like one that fails, and a request too slow to answer alone within it is dead-lettered with the
     * reason instead of being tried for ever; the loop goes on.
     */
    @Test
    void aRequestTooSlowForTheTransactionTimeoutIsDeadLetteredAndTheOthersAreAnsweredOnce() throws Exception {
        createTopics(1);
        sendWithPoison(6, 3, i -> 1);
        AtomicInteger slowAttempts = new AtomicInteger();
        var loop = start("loop-test-slow-" + id, new Coalescing(Duration.ofMillis(2), Integer.MAX_VALUE, r -> 1),
                Map.of("transaction.timeout.ms", "1000"), (batch, send) -> {
                    echo(batch, send, out);
                    for (var r : batch) {
                        if (r.key().equals("poison")) {
                            slowAttempts.incrementAndGet();
                            sleep(2500);
                        }
                    }
                });
        assertAnsweredOnceAndPoisonDeadLettered(6);
        assertTrue(slowAttempts.get() >= FailingRequests.ATTEMPTS, "tried alone before giving up: " + slowAttempts);
        assertNull(loop.failure());
        assertTrue(loop.isConsuming());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void kafkasOwnErrorsAreRetriedAsLongAsTheyLastAndNeverDeadLetterARequest() throws Exception {
        createTopics(1);
        AtomicInteger calls = new AtomicInteger();
        start("loop-test-kafka-error-" + id, (batch, send) -> {
            if (calls.incrementAndGet() <= FailingRequests.ATTEMPTS + 2) {
                throw new IllegalStateException("wrapped", new org.apache.kafka.common.errors.TimeoutException("broker away"));
            }
            echo(batch, send, out);
        });
        send(1, 1);
        Map<String, Integer> committed = read("read_committed", 1);
        assertEquals(Map.of("r0", 1), committed, "answered once it could be, never dead-lettered");
    }
}
