package io.synthstream.contracts.codec;

import io.synthstream.contracts.samples.SampleFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One sample record (on {@code synthstream.generate.samples} or a reply topic; docs/events.md): samples
 * [first, first + count) of a request, their labels and the payload holding them, with the {@link SampleHeaders}
 * that describe them. Key = requestId.
 *
 * @param model null when a record read lacks the header (readers that only want the samples need not have it)
 * @param seed  the seed the request's latents were drawn from; null when a record read lacks the header
 */
public record SampleBatch(String requestId, String model, long version, int index, int batchCount, int first, int count,
                          List<Integer> labels, List<Integer> shape, SampleFormat format, Long seed, boolean last, byte[] payload) {

    /** The record a generator sends, to {@code partition} of {@code topic} (null: the producer picks). */
    public ProducerRecord<String, byte[]> record(String topic, Integer partition) {
        RecordHeaders h = new RecordHeaders();
        h.add(SampleHeaders.REQUEST_ID, utf8(requestId))
                .add(SampleHeaders.MODEL, utf8(model))
                .add(SampleHeaders.VERSION, utf8(Long.toString(version)))
                .add(SampleHeaders.BATCH_INDEX, utf8(Integer.toString(index)))
                .add(SampleHeaders.BATCH_COUNT, utf8(Integer.toString(batchCount)))
                .add(SampleHeaders.SAMPLE_COUNT, utf8(Integer.toString(count)))
                .add(SampleHeaders.FIRST_SAMPLE, utf8(Integer.toString(first)))
                .add(SampleHeaders.LABELS, utf8(csv(labels)))
                .add(SampleHeaders.SHAPE, utf8(csv(shape)))
                .add(SampleHeaders.FORMAT, utf8(format.wireName()))
                .add(SampleHeaders.SEED, utf8(Long.toString(seed)))
                .add(SampleHeaders.LAST, utf8(Boolean.toString(last)));
        return new ProducerRecord<>(topic, partition, null, requestId, payload, h);
    }

    /**
     * The batch a sample record holds. Not for failure records ({@link FailureRecords#of} tells them apart): their
     * headers are not these.
     *
     * @throws IllegalArgumentException when a header it needs is missing or malformed, or names no {@link SampleFormat}
     */
    public static SampleBatch of(ConsumerRecord<String, byte[]> r) {
        String seed = EventHeaders.text(r, SampleHeaders.SEED);
        return new SampleBatch(r.key(), EventHeaders.text(r, SampleHeaders.MODEL), Long.parseLong(required(r, SampleHeaders.VERSION)),
                integer(r, SampleHeaders.BATCH_INDEX), integer(r, SampleHeaders.BATCH_COUNT), integer(r, SampleHeaders.FIRST_SAMPLE),
                integer(r, SampleHeaders.SAMPLE_COUNT), ints(required(r, SampleHeaders.LABELS)), ints(required(r, SampleHeaders.SHAPE)),
                SampleFormat.of(required(r, SampleHeaders.FORMAT)), seed == null ? null : Long.valueOf(seed),
                "true".equals(EventHeaders.text(r, SampleHeaders.LAST)), r.value());
    }

    /** Each sample's bytes in this batch's format: a PNG, C×H×W uint8, or C×H×W float32 LE. Not for rows-json ({@link #rows}). */
    public List<byte[]> samples() {
        return format.split(payload, count);
    }

    /** A rows-json batch's rows ({@link RowsJson}). */
    public RowsJson.Rows rows() {
        if (!format.isRows()) throw new IllegalArgumentException("a " + format + " batch holds images, not rows");
        return RowsJson.read(payload);
    }

    private static String required(ConsumerRecord<?, ?> r, String header) {
        String v = EventHeaders.text(r, header);
        if (v == null) throw new IllegalArgumentException("a sample record without the " + header + " header");
        return v;
    }

    private static int integer(ConsumerRecord<?, ?> r, String header) {
        return Integer.parseInt(required(r, header));
    }

    private static List<Integer> ints(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.stream(csv.split(",")).map(Integer::valueOf).toList();
    }

    private static String csv(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
