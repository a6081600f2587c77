package io.synthstream.generator.samples;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.OutgoingKafkaRecord;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.generator.requests.DynamicBatcher.Slice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Builds the outgoing records: one per slice of samples, and dead-letter records that keep the original payload. */
public final class SampleRecords {
    private SampleRecords() {
    }

    public static OutgoingKafkaRecord<String, byte[]> samples(Slice s) {
        var r = s.request();
        var contract = r.generator().event().contract();
        int n = s.to() - s.from();
        String format = r.request().formatOrDefault();
        byte[] payload = SampleEncoder.encode(format, s.values(), n, contract.sampleShape());
        String labels = Arrays.stream(r.labels(), s.from(), s.to()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return KafkaRecord.of(r.request().requestId(), payload)
                .with(r.topic(), r.request().requestId(), payload, java.time.Instant.now(), r.partition())
                .withHeader(SampleHeaders.REQUEST_ID, utf8(r.request().requestId()))
                .withHeader(SampleHeaders.MODEL, utf8(r.generator().modelName()))
                .withHeader(SampleHeaders.VERSION, utf8(Long.toString(r.generator().version())))
                .withHeader(SampleHeaders.BATCH_INDEX, utf8(Integer.toString(s.index())))
                .withHeader(SampleHeaders.BATCH_COUNT, utf8(Integer.toString(s.sliceCount())))
                .withHeader(SampleHeaders.SAMPLE_COUNT, utf8(Integer.toString(n)))
                .withHeader(SampleHeaders.FIRST_SAMPLE, utf8(Integer.toString(s.from())))
                .withHeader(SampleHeaders.LABELS, utf8(labels))
                .withHeader(SampleHeaders.SHAPE, utf8(contract.sampleShape().stream().map(String::valueOf).collect(Collectors.joining(","))))
                .withHeader(SampleHeaders.FORMAT, utf8(format))
                .withHeader(SampleHeaders.SEED, utf8(Long.toString(r.seed())))
                .withHeader(SampleHeaders.LAST, utf8(Boolean.toString(s.last())));
    }

    public static OutgoingKafkaRecord<String, byte[]> deadLetter(String key, byte[] value, String topic, int partition, long offset,
                                                                  String reason) {
        byte[] original = value == null ? new byte[0] : value;
        return KafkaRecord.of(key, original)
                .with(Topics.GENERATE_DLQ, key, original)
                .withHeader(SampleHeaders.DLQ_REASON, utf8(reason))
                .withHeader(SampleHeaders.DLQ_TOPIC, utf8(topic))
                .withHeader(SampleHeaders.DLQ_PARTITION, utf8(Integer.toString(partition)))
                .withHeader(SampleHeaders.DLQ_OFFSET, utf8(Long.toString(offset)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
