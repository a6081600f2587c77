package io.synthstream.generator.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the request that makes answering fail every time, so that it is dead-lettered instead of stalling its
 * partition (its batch would be polled and fail again for ever). After a batch of several requests fails in the
 * answering (not in Kafka), the requests up to its end are answered one per transaction; one that then fails
 * {@link #ATTEMPTS} times on its own goes to the dead-letter topic with the error. Kafka's own errors (a broker away,
 * a timeout) never lead here: they are retried, whatever they last.
 */
final class FailingRequests {
    static final int ATTEMPTS = 3;

    /** Per partition, the offset up to which requests are answered one at a time. */
    private final Map<TopicPartition, Long> isolatingUntil = new HashMap<>();
    private final Map<TopicPartition, Map<Long, Integer>> failures = new HashMap<>();

    boolean isolating() {
        return !isolatingUntil.isEmpty();
    }

    /** The first partition of the batch whose requests are answered one at a time, or null. */
    TopicPartition firstIsolated(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) if (isolatingUntil.containsKey(tp)) return tp;
        return null;
    }

    /** A batch failed in the answering: answer its requests one by one. */
    void batchFailed(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) {
            var records = batch.records(tp);
            isolatingUntil.merge(tp, records.get(records.size() - 1).offset() + 1, Math::max);
        }
    }

    /** A request failed in the answering on its own; true once it has failed {@link #ATTEMPTS} times (dead-letter it). */
    boolean failedAlone(ConsumerRecord<String, byte[]> r) {
        var tp = new TopicPartition(r.topic(), r.partition());
        return failures.computeIfAbsent(tp, k -> new HashMap<>()).merge(r.offset(), 1, Integer::sum) >= ATTEMPTS;
    }

    /** The batch was committed (answered or dead-lettered): what it passed is no longer watched. */
    void committed(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) {
            var records = batch.records(tp);
            long next = records.get(records.size() - 1).offset() + 1;
            isolatingUntil.computeIfPresent(tp, (k, until) -> next >= until ? null : until);
            var counts = failures.get(tp);
            if (counts != null) {
                counts.keySet().removeIf(offset -> offset < next);
                if (counts.isEmpty()) failures.remove(tp);
            }
        }
    }

    /** Partitions this instance no longer owns are another's business. */
    void retain(Set<TopicPartition> assigned) {
        isolatingUntil.keySet().retainAll(assigned);
        failures.keySet().retainAll(assigned);
    }
}
