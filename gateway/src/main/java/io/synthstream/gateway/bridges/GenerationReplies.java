package io.synthstream.gateway.bridges;

import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.codec.FailureRecords;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Answers on this instance's reply topic (sample records, or a failure record for a refused request), and dead-letter
 * records of its requests, into the generation store.
 */
@ApplicationScoped
public class GenerationReplies {
    @Inject
    GenerationStore store;

    @Incoming("replies")
    public void answer(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) return;
        var failure = FailureRecords.of(r);
        if (failure.isPresent()) { // the generator refused the request: its reason, rather than waiting for samples
            store.fail(r.key(), failure.get().reason());
            return;
        }
        store.answer(r.key(), SampleBatch.of(r));
    }

    @Incoming("dead-letters")
    public void deadLetter(ConsumerRecord<String, byte[]> r) {
        if (r.key() != null) store.fail(r.key(), EventHeaders.text(r, SampleHeaders.DLQ_REASON));
    }
}
