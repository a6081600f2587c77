package io.synthstream.generator.samples;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.generator.requests.DynamicBatcher.Slice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds the outgoing records: one per slice of samples, and dead-letter records that keep the original payload. */
public final class SampleRecords {
    private SampleRecords() {
    }

    public static ProducerRecord<String, byte[]> samples(Slice s) {
        var r = s.request();
        var contract = r.generator().event().contract();
        int n = s.to() - s.from();
        String format = r.request().formatOrDefault();
        byte[] payload = SampleEncoder.encode(format, s.values(), s.greyLevels(), n, contract.sampleShape());
        String labels = Arrays.stream(r.labels(), s.from(), s.to()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        RecordHeaders h = new RecordHeaders();
        h.add(SampleHeaders.REQUEST_ID, utf8(r.request().requestId()))
                .add(SampleHeaders.MODEL, utf8(r.generator().modelName()))
                .add(SampleHeaders.VERSION, utf8(Long.toString(r.generator().version())))
                .add(SampleHeaders.BATCH_INDEX, utf8(Integer.toString(s.index())))
                .add(SampleHeaders.BATCH_COUNT, utf8(Integer.toString(s.sliceCount())))
                .add(SampleHeaders.SAMPLE_COUNT, utf8(Integer.toString(n)))
                .add(SampleHeaders.FIRST_SAMPLE, utf8(Integer.toString(s.from())))
                .add(SampleHeaders.LABELS, utf8(labels))
                .add(SampleHeaders.SHAPE, utf8(contract.sampleShape().stream().map(String::valueOf).collect(Collectors.joining(","))))
                .add(SampleHeaders.FORMAT, utf8(format))
                .add(SampleHeaders.SEED, utf8(Long.toString(r.seed())))
                .add(SampleHeaders.LAST, utf8(Boolean.toString(s.last())));
        return new ProducerRecord<>(r.topic(), r.partition(), null, r.request().requestId(), payload, h);
    }

    public static ProducerRecord<String, byte[]> deadLetter(String key, byte[] value, String topic, int partition, long offset,
                                                            String reason) {
        byte[] original = value == null ? new byte[0] : value;
        RecordHeaders h = new RecordHeaders();
        h.add(SampleHeaders.DLQ_REASON, utf8(reason))
                .add(SampleHeaders.DLQ_TOPIC, utf8(topic))
                .add(SampleHeaders.DLQ_PARTITION, utf8(Integer.toString(partition)))
                .add(SampleHeaders.DLQ_OFFSET, utf8(Long.toString(offset)));
        return new ProducerRecord<>(Topics.GENERATE_DLQ, null, null, key, original, h);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
