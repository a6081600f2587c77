package io.synthstream.generator.exactlyonce;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the request that makes answering fail every time, so that it is dead-lettered instead of stalling its
 * partition (its batch would be polled and fail again for ever). After a batch of several requests fails in the
 * answering (not in Kafka), the requests up to its end are answered in smaller transactions: half as many after each
 * failure, twice as many after each success, so a request that fails is found in about 2 × log2(batch) transactions
 * (one per request, as before, took ~400 transactions for a poison request deep in a 400-request batch, each waiting
 * for the consumer's fetch after its seek). One that then fails {@link #ATTEMPTS} times on its own goes to the
 * dead-letter topic with the error.
 * Kafka's own errors (a broker away, a timeout) never lead here: they are retried, whatever they last. A transaction
 * the coordinator aborted on its timeout does: too much to answer in time is the batch's fault.
 */
final class FailingRequests {
    static final int ATTEMPTS = 3;

    /** Per partition, the offset up to which its requests are answered in smaller transactions, and at most how many in each. */
    private final Map<TopicPartition, Suspect> suspects = new HashMap<>();
    private final Map<TopicPartition, Map<Long, Integer>> failures = new HashMap<>();

    private record Suspect(long until, int limit) {
    }

    boolean isolating() {
        return !suspects.isEmpty();
    }

    /** The first partition of the batch whose requests are answered in smaller transactions, or null. */
    TopicPartition firstIsolated(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) if (suspects.containsKey(tp)) return tp;
        return null;
    }

    /** At most how many requests of the partition the next transaction answers. */
    int limit(TopicPartition tp) {
        Suspect s = suspects.get(tp);
        return s == null ? Integer.MAX_VALUE : s.limit();
    }

    /** A batch failed in the answering: answer its requests in transactions of half as many. */
    void batchFailed(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) {
            var records = batch.records(tp);
            var halved = new Suspect(records.get(records.size() - 1).offset() + 1, Math.max(1, records.size() / 2));
            suspects.merge(tp, halved, (a, b) -> new Suspect(Math.max(a.until(), b.until()), Math.min(a.limit(), b.limit())));
        }
    }

    /** A request failed in the answering on its own; true once it has failed {@link #ATTEMPTS} times (dead-letter it). */
    boolean failedAlone(ConsumerRecord<String, byte[]> r) {
        var tp = new TopicPartition(r.topic(), r.partition());
        return failures.computeIfAbsent(tp, k -> new HashMap<>()).merge(r.offset(), 1, Integer::sum) >= ATTEMPTS;
    }

    /** The batch was committed (answered or dead-lettered): what it passed is no longer watched; the next may be larger. */
    void committed(ConsumerRecords<String, byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) {
            var records = batch.records(tp);
            long next = records.get(records.size() - 1).offset() + 1;
            suspects.computeIfPresent(tp, (k, s) -> next >= s.until() ? null
                    : new Suspect(s.until(), (int) Math.min(Integer.MAX_VALUE, 2L * s.limit())));
            var counts = failures.get(tp);
            if (counts != null) {
                counts.keySet().removeIf(offset -> offset < next);
                if (counts.isEmpty()) failures.remove(tp);
            }
        }
    }

    /** Partitions this instance no longer owns are another's business. */
    void retain(Set<TopicPartition> assigned) {
        suspects.keySet().retainAll(assigned);
        failures.keySet().retainAll(assigned);
    }
}
