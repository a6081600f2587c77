package io.synthstream.generator.requests;

import io.synthstream.contracts.KafkaConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Partition counts of the topics answers go to. A missing reply topic would block the transaction until
 * it times out and then retry the batch forever, so such requests are dead-lettered instead. Counts
 * found are remembered; missing topics are asked about again each time.
 */
public final class OutputTopics implements AutoCloseable {
    private final Admin admin;
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

    public OutputTopics(KafkaConnection kafka) {
        this.admin = Admin.create(kafka.clientConfig(Map.of()));
    }

    /** The topic's partition count, or empty when it does not exist. */
    public Optional<Integer> partitions(String topic) {
        Integer known = partitions.get(topic);
        if (known != null) return Optional.of(known);
        try {
            int n = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
            partitions.put(topic, n);
            return Optional.of(n);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) return Optional.empty();
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause(), e); // retried with the batch
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e, e);
        }
    }

    /**
     * The partition an answer goes to: the request's own partition number (modulo the output topic's
     * count). The instance that owns a request partition is then the only writer of that output
     * partition, so its transactions never overlap another instance's there and read_committed readers
     * are not held back by someone else's open transaction.
     */
    public int partitionFor(String topic, int requestPartition) {
        return requestPartition % partitions(topic).orElseThrow();
    }

    @Override
    public void close() {
        admin.close();
    }
}
