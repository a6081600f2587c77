package io.synthstream.generator.service;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.events.GenerationFailed;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.generator.exactlyonce.BatchAnswerer;
import io.synthstream.generator.exactlyonce.Coalescing;
import io.synthstream.generator.exactlyonce.TransactionalRequestLoop;
import io.synthstream.generator.models.ModelRegistry;
import io.synthstream.contracts.Topics;
import io.synthstream.generator.requests.DynamicBatcher;
import io.synthstream.generator.requests.OutputTopics;
import io.synthstream.generator.requests.ParsedRequest;
import io.synthstream.generator.requests.PlannedRequest;
import io.synthstream.generator.requests.RequestPlanner;
import io.synthstream.generator.samples.RecordSizes;
import io.synthstream.generator.samples.SampleRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Answers one polled batch of requests: each valid request becomes sample records (its samples computed
 * together with the batch's other requests, see {@link DynamicBatcher}); each invalid one becomes a
 * dead-letter record, and a failure record on its reply path. {@link TransactionalRequestLoop} sends them all in one
 * transaction with the batch's offsets.
 */
@ApplicationScoped
public class GenerationRequestProcessor implements BatchAnswerer {
    @Inject
    RequestPlanner planner;
    @Inject
    DynamicBatcher batcher;
    @Inject
    GeneratorMetrics metrics;
    @Inject
    ModelRegistry registry;
    @Inject
    OutputTopics outputTopics;
    /** What the transaction in progress answered (the request loop's thread is the only caller). */
    private final GeneratorMetrics.TransactionCounts counts = new GeneratorMetrics.TransactionCounts();
    /**
     * The request records polled for the transaction in progress, each read once for every step that looks at it (how
     * full a waiting batch is, the budget, the plan); forgotten when the transaction ends. The loop's thread only.
     */
    private final Map<ConsumerRecord<String, byte[]>, ParsedRequest> parsedRecords = new IdentityHashMap<>();

    private ParsedRequest parsed(ConsumerRecord<String, byte[]> record) {
        return parsedRecords.computeIfAbsent(record, r -> ParsedRequest.of(r.value()));
    }

    /**
     * Samples a request record asks for, 0 where it does not say (it will be dead-lettered): how full a batch is while it
     * waits for more ({@link Coalescing}).
     */
    public int samplesRequested(ConsumerRecord<String, byte[]> record) {
        return parsed(record).samplesAsked();
    }

    /** Payload bytes a request record's answer takes, 0 where it cannot tell (it will be dead-lettered): the transaction budget. */
    public long answerBytes(ConsumerRecord<String, byte[]> record) {
        return answerBytes(parsed(record));
    }

    /** Payload bytes a request's answer takes, 0 where it cannot tell. */
    public long answerBytes(ParsedRequest request) {
        GenerationRequested r = request.request();
        if (r == null || r.count() == null || r.count() <= 0 || r.model() == null) return 0;
        try {
            return registry.lease(r.model(), r.version()).map(lease -> {
                try (lease) {
                    return RecordSizes.answerBytes(r.count(), lease.generator().format(r), lease.generator());
                }
            }).orElse(0L);
        } catch (IllegalArgumentException unknownOrNotServedFormat) {
            return 0;
        }
    }

    /** The dead-letter record of a request that answering failed on every time (its partition would stall otherwise). */
    @Override
    public ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        counts.deadLettered();
        return SampleRecords.deadLetter(record.key(), record.value(), record.topic(), record.partition(), record.offset(), reason,
                outputTopics.maxRecordBytes(Topics.GENERATE_DLQ));
    }

    /** A request answering failed on every time: its dead letter, and a failure record where its client waits. */
    @Override
    public void refuse(ConsumerRecord<String, byte[]> record, String reason, Consumer<ProducerRecord<String, byte[]>> send) {
        send.accept(deadLetter(record, reason));
        var address = parsed(record).address();
        send.accept(failure(record, reason, planner.replyPath(address.replyTo()), address.requestId()));
    }

    /**
     * The failure record of a refused request, on its reply path and the partition its answers would have gone to,
     * keyed like them (docs/events.md, "Failure records"): its client learns why instead of waiting for answers.
     */
    private ProducerRecord<String, byte[]> failure(ConsumerRecord<String, byte[]> record, String reason, String topic, String requestId) {
        String key = record.key() != null ? record.key() : requestId;
        var failed = new GenerationFailed(key, SampleRecords.reasonWithin(reason));
        return new ProducerRecord<>(topic, outputTopics.partitionFor(topic, record.partition()), null, key, EventJson.toBytes(failed),
                FailureRecords.headers(failed));
    }

    @Override
    public void answer(ConsumerRecords<String, byte[]> batch, Consumer<ProducerRecord<String, byte[]>> send) {
        List<PlannedRequest> planned = new ArrayList<>();
        try {
            for (ConsumerRecord<String, byte[]> record : batch) {
                var outcome = planner.plan(record.key(), parsed(record), record.timestamp(), record.partition());
                if (outcome.plan() != null) {
                    planned.add(outcome.plan());
                } else {
                    send.accept(deadLetter(record, outcome.deadLetterReason()));
                    send.accept(failure(record, outcome.deadLetterReason(), outcome.replyTopic(), outcome.requestId()));
                }
            }
            batcher.run(planned, SampleRecords::samples, (slice, record) -> {
                send.accept(record);
                if (slice.last()) counts.answered(slice.request());
            });
        } finally {
            planned.forEach(PlannedRequest::close);
        }
    }

    @Override
    public void committed(long startNanos) {
        parsedRecords.clear();
        metrics.committed(counts, startNanos);
    }

    @Override
    public void aborted() {
        parsedRecords.clear();
        counts.clear();
        outputTopics.forgetAll(); // a reply topic deleted under a send is a common cause: the retry must not trust the old count
    }
}
