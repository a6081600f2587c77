package io.synthstream.generator.exactlyonce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What one transaction of the request loop takes. Triton's dynamic-batcher settings on a Kafka loop: the requests a
 * poll returns wait up to {@code maxWait} for more to share their inference calls and transaction, unless they
 * already ask for {@code fullAtSamples} samples (or {@code max.poll.records} requests) between them. And a budget:
 * a transaction answers at most {@code maxTransactionBytes} (one request at least), since it must commit within the
 * producer's transaction.timeout.ms — 500 polled requests of 10 000 float32 samples would be 15 GB.
 *
 * @param samplesOf samples a request record asks for (0 where it cannot tell: such a request is dead-lettered)
 * @param bytesOf   payload bytes its answer takes (0 where it cannot tell)
 */
public record Coalescing(Duration maxWait, int fullAtSamples, ToIntFunction<ConsumerRecord<String, byte[]>> samplesOf,
                         long maxTransactionBytes, ToLongFunction<ConsumerRecord<String, byte[]>> bytesOf) {
    public Coalescing {
        if (maxWait.isNegative()) throw new IllegalArgumentException("the max wait must not be negative, got " + maxWait);
        if (fullAtSamples < 1) throw new IllegalArgumentException("a full batch needs at least one sample, got " + fullAtSamples);
        if (maxTransactionBytes < 1) throw new IllegalArgumentException("a transaction needs room for some bytes, got " + maxTransactionBytes);
    }

    /** No budget: a transaction answers all that was polled. */
    public Coalescing(Duration maxWait, int fullAtSamples, ToIntFunction<ConsumerRecord<String, byte[]>> samplesOf) {
        this(maxWait, fullAtSamples, samplesOf, Long.MAX_VALUE, r -> 0);
    }

    /**
     * The longest prefix of the batch (in its order, one request at least) whose answers fit {@link #maxTransactionBytes()};
     * the consumer is moved back to the first request left out on each partition, so that the next poll returns it.
     * The offsets the transaction commits are those of the prefix.
     */
    ConsumerRecords<String, byte[]> withinBudget(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> batch) {
        if (maxTransactionBytes == Long.MAX_VALUE) return batch;
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> kept = new HashMap<>();
        long total = 0;
        int keptCount = 0;
        boolean full = false;
        for (TopicPartition tp : batch.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = batch.records(tp);
            int n = 0;
            for (; !full && n < records.size(); n++) {
                long w = bytesOf.applyAsLong(records.get(n));
                if (keptCount > 0 && total + w > maxTransactionBytes) {
                    full = true;
                    break;
                }
                total += w;
                keptCount++;
            }
            if (n > 0) kept.put(tp, records.subList(0, n));
            if (n < records.size()) c.seek(tp, records.get(n).offset());
        }
        return full ? new ConsumerRecords<>(kept, Map.of()) : batch;
    }

    /** The first {@code n} requests of one partition, the consumer moved back to the rest (finding a request that fails). */
    static ConsumerRecords<String, byte[]> firstOf(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> batch, TopicPartition tp, int n) {
        List<ConsumerRecord<String, byte[]>> kept = List.of();
        for (TopicPartition other : batch.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = batch.records(other);
            int keep = other.equals(tp) ? Math.min(n, records.size()) : 0;
            if (keep < records.size()) c.seek(other, records.get(keep).offset());
            if (keep > 0) kept = records.subList(0, keep);
        }
        return new ConsumerRecords<>(Map.of(tp, kept), Map.of());
    }

    /**
     * Polls again until the batch is full or {@link #maxWait()} has passed since the first poll returned.
     * Even at a light load this takes more than it seems: the poll after a transaction mostly returns a fetch the
     * consumer completed early in that transaction (each poll sends the next fetch as it returns, and the broker
     * answers it with the first request that arrives), so requests that arrived later would wait for the
     * transaction after next (measured: the oldest request of a batch had waited about two transactions). Should
     * the group rebalance meanwhile, what was polled is handed to {@code giveBack} (to be rewound to the committed
     * offsets and polled again) and the batch is empty.
     */
    ConsumerRecords<String, byte[]> gather(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> first, int maxPollRecords,
                                           Consumer<Set<TopicPartition>> giveBack) {
        if (maxWait.isZero() || first.count() >= maxPollRecords) return first; // no request read for nothing
        long deadline = System.nanoTime() + maxWait.toNanos();
        int generation = c.groupMetadata().generationId();
        List<ConsumerRecords<String, byte[]>> polled = new ArrayList<>(List.of(first));
        int records = first.count();
        long samples = samples(first);
        for (long left; records < maxPollRecords && samples < fullAtSamples && (left = deadline - System.nanoTime()) > 0; ) {
            ConsumerRecords<String, byte[]> more = c.poll(Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))); // the consumer counts in ms
            if (!more.isEmpty()) polled.add(more);
            if (c.groupMetadata().generationId() != generation) {
                Set<TopicPartition> partitions = new HashSet<>();
                polled.forEach(p -> partitions.addAll(p.partitions()));
                giveBack.accept(partitions);
                return ConsumerRecords.empty();
            }
            records += more.count();
            samples += samples(more);
        }
        if (polled.size() == 1) return first;
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> merged = new HashMap<>();
        for (var p : polled) {
            for (TopicPartition tp : p.partitions()) merged.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(p.records(tp));
        }
        return new ConsumerRecords<>(merged, Map.of());
    }

    private long samples(ConsumerRecords<String, byte[]> records) {
        long n = 0;
        for (var r : records) n += samplesOf.applyAsInt(r);
        return n;
    }
}
