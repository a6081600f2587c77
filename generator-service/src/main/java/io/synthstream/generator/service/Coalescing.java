package io.synthstream.generator.service;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Triton's dynamic-batcher settings on a Kafka loop: the requests a poll returns wait up to {@code maxWait} for
 * more to share their inference calls and transaction, unless they already ask for {@code fullAtSamples}
 * samples (or {@code max.poll.records} requests) between them.
 *
 * @param samplesOf samples a request record asks for (0 where it cannot tell: such a request is dead-lettered)
 */
public record Coalescing(Duration maxWait, int fullAtSamples, ToIntFunction<ConsumerRecord<String, byte[]>> samplesOf) {
    public Coalescing {
        if (maxWait.isNegative()) throw new IllegalArgumentException("the max wait must not be negative, got " + maxWait);
        if (fullAtSamples < 1) throw new IllegalArgumentException("a full batch needs at least one sample, got " + fullAtSamples);
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
