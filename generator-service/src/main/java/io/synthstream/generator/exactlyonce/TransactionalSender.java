package io.synthstream.generator.exactlyonce;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The request loop's transactional producer. Kafka's producer lets a commit, an abort or an offsets call that timed
 * out (its {@code max.block.ms}: a broker away, a send stuck on a partition that no longer exists) only be retried,
 * never followed by another call: an abort after it throws IllegalStateException, which stopped the loop for good.
 * So an abort that cannot run replaces the producer by a new one with the same transactional id, whose
 * {@code initTransactions} completes or aborts whatever the old one left open; the loop then rewinds to the committed
 * offsets as after any abort, and exactly once holds.
 */
final class TransactionalSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TransactionalSender.class);

    private final Map<String, Object> config;
    private final BooleanSupplier running;
    private KafkaProducer<String, byte[]> producer;

    TransactionalSender(Map<String, Object> config, BooleanSupplier running) {
        this.config = config;
        this.running = running;
    }

    /** Creates the producer and aborts what a previous life with the same id left open; waits for the broker as long as it takes. */
    void start() {
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        while (running.getAsBoolean()) {
            try {
                producer.initTransactions();
                return;
            } catch (TimeoutException e) {
                LOG.warnf("Kafka not reachable yet (%s), retrying", e.getMessage()); // a timed-out initTransactions may be retried
            }
        }
    }

    void begin() {
        producer.beginTransaction();
    }

    /** Asynchronous; the commit waits for every record sent. */
    void send(ProducerRecord<String, byte[]> record) {
        producer.send(record);
    }

    void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        producer.sendOffsetsToTransaction(offsets, group);
    }

    void commit() {
        producer.commitTransaction();
    }

    /**
     * Aborts the transaction in progress, or replaces the producer where the abort cannot run: after a call that timed
     * out, or in an error state the producer cannot leave itself (a transaction the coordinator aborted on its timeout
     * while a commit was on its way is one, KAFKA-20785). A fenced or unauthorised producer is not replaced: another
     * instance has this id, or the credentials are wrong, and the loop stops.
     */
    void abort() {
        try {
            producer.abortTransaction();
        } catch (ProducerFencedException | AuthorizationException fatal) {
            throw fatal;
        } catch (KafkaException | IllegalStateException e) {
            LOG.warnf("the transaction cannot be aborted (%s): replacing the producer, which settles it", e.getMessage());
            producer.close(Duration.ZERO);
            start();
        }
    }

    @Override
    public void close() {
        if (producer != null) producer.close();
    }
}
