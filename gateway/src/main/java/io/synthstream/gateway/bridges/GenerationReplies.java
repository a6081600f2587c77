package io.synthstream.gateway.bridges;

import io.synthstream.contracts.codec.SampleHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Answers on this instance's reply topic, and dead-letter records of its requests, into the generation store. */
@ApplicationScoped
public class GenerationReplies {
    @Inject
    GenerationStore store;

    @Incoming("replies")
    public void answer(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) return;
        store.answer(r.key(), new GenerationStore.Batch(
                Integer.parseInt(h(r, SampleHeaders.BATCH_INDEX)), Integer.parseInt(h(r, SampleHeaders.BATCH_COUNT)),
                Integer.parseInt(h(r, SampleHeaders.FIRST_SAMPLE)), Integer.parseInt(h(r, SampleHeaders.SAMPLE_COUNT)),
                Long.parseLong(h(r, SampleHeaders.VERSION)), h(r, SampleHeaders.FORMAT), ints(h(r, SampleHeaders.LABELS)),
                ints(h(r, SampleHeaders.SHAPE)), r.value(), "true".equals(h(r, SampleHeaders.LAST))));
    }

    @Incoming("dead-letters")
    public void deadLetter(ConsumerRecord<String, byte[]> r) {
        if (r.key() != null) store.fail(r.key(), h(r, SampleHeaders.DLQ_REASON));
    }

    private static List<Integer> ints(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
    }

    private static String h(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
