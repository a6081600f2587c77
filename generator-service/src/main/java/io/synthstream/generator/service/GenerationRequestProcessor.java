package io.synthstream.generator.service;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.transactions.KafkaTransactions;
import io.synthstream.generator.requests.DynamicBatcher;
import io.synthstream.generator.requests.PlannedRequest;
import io.synthstream.generator.requests.RequestPlanner;
import io.synthstream.generator.samples.SampleRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consume → generate → produce, exactly once: each polled batch of requests is answered inside one
 * Kafka transaction that also commits the batch's consumer offsets. A crash or rebalance before the
 * commit aborts it and the batch is processed again; read_committed readers see each answer once.
 * Invalid requests go to the dead-letter topic in the same transaction.
 */
@ApplicationScoped
public class GenerationRequestProcessor {
    @Inject
    @Channel("samples")
    KafkaTransactions<byte[]> transactions;
    @Inject
    RequestPlanner planner;
    @Inject
    DynamicBatcher batcher;
    @Inject
    GeneratorMetrics metrics;

    @Incoming("generation-requests")
    @Blocking
    public Uni<Void> process(KafkaRecordBatch<String, byte[]> batch) {
        return transactions.withTransaction(batch, emitter -> {
            List<PlannedRequest> planned = new ArrayList<>();
            try {
                for (KafkaRecord<String, byte[]> record : batch) {
                    var meta = record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
                    var outcome = planner.plan(record.getPayload(), meta.getTimestamp().toEpochMilli(), meta.getPartition());
                    if (outcome.plan() != null) {
                        planned.add(outcome.plan());
                    } else {
                        emitter.send(SampleRecords.deadLetter(record.getKey(), record.getPayload(), meta.getTopic(), meta.getPartition(),
                                meta.getOffset(), outcome.deadLetterReason()));
                        metrics.deadLettered();
                    }
                }
                batcher.run(planned, slice -> {
                    emitter.send(SampleRecords.samples(slice));
                    if (slice.last()) metrics.answered(slice.request());
                });
            } finally {
                planned.forEach(PlannedRequest::release);
            }
            return Uni.createFrom().voidItem();
        });
    }
}
