package io.synthstream.generator.exactlyonce;

import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What {@link TransactionalRequestLoop} asks of the service for each transaction: the records that answer a
 * batch of requests, a request's dead letter, and how the transaction ended. Whatever counts answers (metrics)
 * counts on {@link #committed}: an aborted transaction's requests are answered again, and counted then.
 */
public interface BatchAnswerer {
    /** Turns a batch of requests into the records to send (sends are asynchronous; the commit waits for them). */
    void answer(ConsumerRecords<String, byte[]> batch, Consumer<ProducerRecord<String, byte[]>> send);

    /** The dead-letter record of a request that answering fails on every time, given the reason. */
    ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> request, String reason);

    /**
     * Refuses a request for good (answering it failed every time): its dead letter, and whatever else tells its client
     * (the service adds a failure record on the request's reply path).
     */
    default void refuse(ConsumerRecord<String, byte[]> request, String reason, Consumer<ProducerRecord<String, byte[]>> send) {
        send.accept(deadLetter(request, reason));
    }

    /** The transaction begun at {@code startNanos} (System.nanoTime) committed: what it sent is visible. */
    void committed(long startNanos);

    /** The transaction aborted: nothing it sent is visible, and its requests will be answered again. */
    void aborted();
}
