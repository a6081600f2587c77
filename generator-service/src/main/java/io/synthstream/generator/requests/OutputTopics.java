package io.synthstream.generator.requests;

import io.synthstream.contracts.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Partition counts and record size limits of the topics answers go to. A missing reply topic would block the
 * transaction until it times out and then retry the batch forever, so such requests are dead-lettered instead;
 * records are cut to the largest the topic takes ({@link io.synthstream.generator.samples.RecordSizes}). A topic's
 * partition count and max.message.bytes are trusted for a while, then read again: an operator may lower the limit,
 * or delete a reply topic and create it again with fewer partitions (or not at all). Sends that fail meanwhile
 * abort their transaction, which is retried; once read again, records are cut to the new limit, go to an existing
 * partition, or — the topic gone — their request is dead-lettered. Missing topics are asked about again each time.
 * After an aborted transaction everything is read again ({@link #forgetAll}): a send stuck on a topic deleted meanwhile
 * is a common cause, and its retry should find the topic gone at once rather than after the TTL. A missing reply topic is
 * logged once per topic per {@link #MISSING_TOPIC_LOG_BACKOFF}, not once per request.
 */
public final class OutputTopics implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutputTopics.class);
    public static final Duration MISSING_TOPIC_LOG_BACKOFF = Duration.ofMinutes(10);

    private final OncePerTopic missingLogged = new OncePerTopic(MISSING_TOPIC_LOG_BACKOFF);
    private final Admin admin;
    private final int producerMaxRequestSize;
    private final Duration limitTtl;
    private final Map<String, Known> partitions = new ConcurrentHashMap<>();
    private final Map<String, Known> maxMessageBytes = new ConcurrentHashMap<>();

    /** A value read from the broker, and when. */
    private record Known(int value, long readAtNanos) {
    }

    /**
     * @param producerMaxRequestSize the samples producer's {@code max.request.size}: no record may be larger either
     * @param limitTtl               how long a topic's partition count and max.message.bytes are trusted before they are read again
     */
    public OutputTopics(KafkaConnection kafka, int producerMaxRequestSize, Duration limitTtl) {
        this.admin = Admin.create(kafka.clientConfig(Map.of()));
        this.producerMaxRequestSize = producerMaxRequestSize;
        this.limitTtl = limitTtl;
    }

    /** The topic's partition count, or empty when it does not exist. */
    public Optional<Integer> partitions(String topic) {
        Known known = partitions.get(topic);
        if (known != null && fresh(known)) return Optional.of(known.value());
        try {
            int n = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
            partitions.put(topic, new Known(n, System.nanoTime()));
            return Optional.of(n);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                partitions.remove(topic);
                if (missingLogged.first(topic)) {
                    LOG.warnf("topic '%s' does not exist (deleted?): requests answered there are dead-lettered with that reason "
                            + "(said once per topic every %d min)", topic, MISSING_TOPIC_LOG_BACKOFF.toMinutes());
                }
                return Optional.empty();
            }
            throw new KafkaException("cannot describe topic " + topic + ": " + e.getCause(), e); // retried with the batch
        } catch (Exception e) {
            throw new KafkaException("cannot describe topic " + topic + ": " + e, e);
        }
    }

    /** The largest record the topic (its {@code max.message.bytes}) and the samples producer accept; the topic exists. */
    public int maxRecordBytes(String topic) {
        Known known = maxMessageBytes.get(topic);
        if (known == null || !fresh(known)) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            try {
                var entry = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource)
                        .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                known = new Known(Integer.parseInt(entry.value()), System.nanoTime());
                maxMessageBytes.put(topic, known);
            } catch (Exception e) {
                throw new KafkaException("cannot read max.message.bytes of topic " + topic + ": " + e, e); // retried with the batch
            }
        }
        return Math.min(known.value(), producerMaxRequestSize);
    }

    /** Reads every topic's partition count and limit again when next asked (after an aborted transaction). */
    public void forgetAll() {
        partitions.clear();
        maxMessageBytes.clear();
    }

    private boolean fresh(Known known) {
        return System.nanoTime() - known.readAtNanos() <= limitTtl.toNanos();
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
