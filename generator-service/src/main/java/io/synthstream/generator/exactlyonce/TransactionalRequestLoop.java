package io.synthstream.generator.exactlyonce;

import io.synthstream.contracts.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Consume → generate → produce, exactly once: Kafka's transactional loop (KIP-98/447). Each poll's
 * requests are answered in one transaction that also commits their offsets; an error aborts it and
 * rewinds to the committed offsets, so the batch is answered again and read_committed readers see
 * each answer once; a request that answering (not Kafka) fails on every time is found and dead-lettered
 * ({@link FailingRequests}); Kafka's own errors, a broker away included, are waited out ({@link TransactionalSender});
 * {@link TransactionErrors} tells which is which.
 * A dead or fenced instance's partitions move to the others, whose group metadata fences it.
 * <p>
 * Why a plain loop and not a SmallRye channel: SmallRye's batch consumer keeps polling while a batch is
 * processed and queues every poll as its own batch, so under load each transaction carried only the
 * few requests one poll happened to see, and transactions' fixed cost (~10 ms) capped throughput and
 * piled up latency. Here the next poll follows the commit and takes everything that arrived meanwhile
 * (up to {@code max.poll.records}): batches grow with the load, which is what the dynamic batcher needs;
 * and a poll's requests wait up to {@link Coalescing#maxWait()} for more before they are answered.
 */
public final class TransactionalRequestLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(TransactionalRequestLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final int maxPollRecords;
    private final long transactionTimeoutMs;
    private final Coalescing coalescing;
    private final BooleanSupplier mayStart;
    private final BatchAnswerer answerer;
    private final FailingRequests failing = new FailingRequests();
    /** A request that failed alone {@link FailingRequests#ATTEMPTS} times, to be dead-lettered next, and why. */
    private ConsumerRecords<String, byte[]> toDeadLetter;
    private String deadLetterReason;
    private volatile boolean running = true;
    private volatile boolean consuming;
    private volatile String failure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService offsetsSender = Executors.newSingleThreadExecutor(r -> new Thread(r, "request-offsets"));

    /**
     * @param consumerSettings  Kafka consumer settings, {@code group.id} included
     * @param mayStart          polled before subscribing (requests wait until the models are loaded, rather than
     *                          being dead-lettered as unknown while the model topics are replayed)
     * @param coalescing        how long a poll's requests wait for more
     * @param answerer          answers each batch, and is told how its transaction ended
     */
    public TransactionalRequestLoop(KafkaConnection kafka, String topic, String transactionalId, Map<String, String> consumerSettings,
                                    Map<String, String> producerSettings, Coalescing coalescing, BooleanSupplier mayStart,
                                    BatchAnswerer answerer) {
        if (!consumerSettings.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
            throw new IllegalArgumentException("the request consumer needs a group.id (synthstream.generator.requests-consumer.group.id)");
        }
        this.topic = topic;
        consumerConfig = kafka.clientConfig(consumerSettings);
        consumerConfig.putAll(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, transactionalId + "-requests",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        maxPollRecords = Integer.parseInt(String.valueOf(consumerConfig.getOrDefault(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                ConsumerConfig.DEFAULT_MAX_POLL_RECORDS)));
        producerConfig = kafka.clientConfig(producerSettings);
        producerConfig.putAll(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        transactionTimeoutMs = Long.parseLong(String.valueOf(producerConfig.getOrDefault(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000)));
        this.coalescing = coalescing;
        this.mayStart = mayStart;
        this.answerer = answerer;
    }

    /** True while the loop is subscribed and serving. */
    public boolean isConsuming() {
        return consuming;
    }

    /** Why the loop stopped for good (a fenced or unauthorised producer), or null. */
    public String failure() {
        return failure;
    }

    @Override
    public void run() {
        try (var producer = new TransactionalSender(producerConfig, () -> running)) {
            // first: a replica restarted with its instance id aborts what its previous life left open at once, so the
            // readers of its output partitions wait for its start, not for the transaction timeout nor its models
            producer.start();
            if (!awaitStart()) return;
            serve(producer);
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.errorf(e, "request loop stopped: %s%s", e.getMessage(),
                    e instanceof ProducerFencedException ? " (another instance with the same GENERATOR_INSTANCE_ID?)" : "");
        } finally {
            consuming = false;
            offsetsSender.shutdownNow();
        }
    }

    private boolean awaitStart() {
        try {
            while (running && !mayStart.getAsBoolean()) Thread.sleep(100);
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void serve(TransactionalSender producer) {
        try (var c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(topic));
            consuming = running;
            while (running) {
                if (toDeadLetter != null) {
                    var batch = toDeadLetter;
                    String reason = deadLetterReason;
                    toDeadLetter = null;
                    // built inside the transaction: reading the dead-letter topic's limit may meet a broker away (retried)
                    answerInTransaction(c, producer, batch, (b, send) -> answerer.refuse(b.iterator().next(), reason, send));
                    continue;
                }
                ConsumerRecords<String, byte[]> batch = c.poll(POLL);
                if (failing.isolating()) failing.retain(c.assignment());
                TopicPartition isolated = failing.isolating() ? failing.firstIsolated(batch) : null;
                if (isolated != null) {
                    batch = Coalescing.firstOf(c, batch, isolated, failing.limit(isolated)); // seeking the request that fails
                } else if (!batch.isEmpty()) {
                    batch = coalescing.gather(c, batch, maxPollRecords, owned -> rewind(c, owned));
                }
                if (!batch.isEmpty()) batch = coalescing.withinBudget(c, batch);
                if (!batch.isEmpty()) answerInTransaction(c, producer, batch, answerer::answer);
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up
        }
    }

    private void answerInTransaction(KafkaConsumer<String, byte[]> c, TransactionalSender producer,
                                     ConsumerRecords<String, byte[]> batch,
                                     BiConsumer<ConsumerRecords<String, byte[]>, Consumer<ProducerRecord<String, byte[]>>> answer) {
        long start = System.nanoTime();
        producer.begin();
        Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(batch);
        ConsumerGroupMetadata group = c.groupMetadata();
        // the offsets' round trips to the coordinators run while the batch is answered, not after it
        Future<?> offsetsSent = offsetsSender.submit(() -> producer.sendOffsets(offsets, group));
        try {
            try {
                answer.accept(batch, producer::send); // sends are asynchronous; the commit waits for them all
            } catch (RuntimeException e) {
                throw TransactionErrors.fromAnswering(e);
            }
            long t1 = System.nanoTime();
            await(offsetsSent);
            long t2 = System.nanoTime();
            producer.commit();
            if (LOG.isDebugEnabled()) {
                long oldest = Long.MAX_VALUE;
                for (var r : batch) oldest = Math.min(oldest, r.timestamp());
                LOG.debugf("transaction of %d requests (oldest written %d ms before): answered in %.1f ms, then offsets %.1f ms, commit %.1f ms",
                        batch.count(), System.currentTimeMillis() - oldest - (System.nanoTime() - start) / 1_000_000, (t1 - start) / 1e6,
                        (t2 - t1) / 1e6, (System.nanoTime() - t2) / 1e6);
            }
            failing.committed(batch);
            answerer.committed(start);
        } catch (RuntimeException e) {
            if (e instanceof WakeupException || TransactionErrors.fatal(e)) throw e;
            // a failed send, a commit that lost the partitions, an inference error: nothing of this batch is visible
            LOG.warnf(e, "transaction of %d requests aborted, answering them again: %s", batch.count(), e.getMessage());
            awaitQuietly(offsetsSent); // the producer aborts only what it is not still sending
            producer.abort();
            answerer.aborted();
            boolean batchAtFault = TransactionErrors.batchAtFault(e, System.nanoTime() - start, transactionTimeoutMs);
            if (batchAtFault && batch.count() == 1 && failing.failedAlone(batch.iterator().next())) {
                toDeadLetter = batch; // the consumer is already past it; the dead letter commits its offset
                deadLetterReason = TransactionErrors.deadLetterReason(e, transactionTimeoutMs);
                LOG.errorf(e, "request %s dead-lettered: %s", batch.iterator().next().key(), deadLetterReason);
                return;
            }
            rewind(c, batch.partitions());
            if (batchAtFault && batch.count() > 1) failing.batchFailed(batch); // then half of it, at once
            else pause(); // a batch that fails every time is retried, not spun on
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new KafkaException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            await(f);
        } catch (RuntimeException alreadyFailing) {
            // the abort that follows reports what matters
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            var records = batch.records(tp);
            offsets.put(tp, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /**
     * Back to the last committed offsets (or the beginning, where none is), so the aborted batch is polled again. Waits
     * for the group coordinator as long as it takes: a broker away (often why the batch aborted) must not stop the loop.
     */
    private void rewind(KafkaConsumer<String, byte[]> c, Set<TopicPartition> partitions) {
        Set<TopicPartition> owned = new HashSet<>(partitions);
        owned.retainAll(c.assignment());
        Map<TopicPartition, OffsetAndMetadata> committed = null;
        while (committed == null) {
            try {
                committed = c.committed(owned);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (!running) throw e;
                LOG.warnf("the committed offsets cannot be read yet (%s): retrying", e.getMessage());
            }
        }
        for (TopicPartition tp : owned) {
            OffsetAndMetadata o = committed.get(tp);
            if (o != null) c.seek(tp, o.offset());
            else c.seekToBeginning(List.of(tp));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the transaction in progress, if any. */
    public void close() {
        running = false;
        var c = consumer;
        if (c != null) c.wakeup();
    }
}
