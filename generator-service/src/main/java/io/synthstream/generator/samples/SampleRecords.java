package io.synthstream.generator.samples;

import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.contracts.rows.ClassCountRows;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.samples.SampleFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the outgoing records: one per slice of samples (images encoded in their format, a tabular version's rows
 * decoded into rows-json), and dead-letter records that keep the original payload.
 */
public final class SampleRecords {
    private SampleRecords() {
    }

    public static ProducerRecord<String, byte[]> samples(SampleSlice s) {
        var r = s.request();
        List<Integer> shape = r.generator().event().contract().sampleShape();
        int n = s.to() - s.from();
        SampleFormat format = r.format();
        int[] labels = Arrays.copyOfRange(r.labels(), s.from(), s.to());
        byte[] payload = format.isRows() ? rows(s, labels) : format.encode(s.values(), s.greyLevels(), n, shape);
        return new SampleBatch(r.request().requestId(), r.generator().modelName(), r.generator().version(), s.index(), s.sliceCount(),
                s.from(), n, Arrays.stream(labels).boxed().toList(), shape, format, r.seed(), s.last(), payload).record(r.topic(), r.partition());
    }

    /** A slice of a tabular version's output as rows-json: each row decoded as {@link ClassCountRows} decodes it, from the request's seed. */
    private static byte[] rows(SampleSlice s, int[] labels) {
        RowDecoder decoder = s.request().generator().rowDecoder();
        return RowsJson.encode(decoder.schema(), labels, ClassCountRows.decode(decoder, s.values(), s.from(), labels.length, s.request().seed()));
    }

    /** A reason longer than this is cut (with "…"): the dead letter's headers stay small whatever an error says. */
    static final int MAX_REASON_CHARS = 4096;

    /** The reason as a dead letter or failure record carries it: cut to {@link #MAX_REASON_CHARS}. */
    public static String reasonWithin(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }

    /**
     * The dead letter of a request: its key and payload, why, and where it came from. A payload too large for the
     * dead-letter topic (a request topic may take larger records than it, or than the producer sends) would make
     * every attempt to send it fail and stall the request's partition: it is cut to fit, and
     * {@link SampleHeaders#DLQ_ORIGINAL_BYTES} says so.
     *
     * @param maxRecordBytes the largest record the dead-letter topic and the producer accept
     */
    public static ProducerRecord<String, byte[]> deadLetter(String key, byte[] value, String topic, int partition, long offset,
                                                            String reason, int maxRecordBytes) {
        byte[] original = value == null ? new byte[0] : value;
        String why = reasonWithin(reason);
        RecordHeaders h = new RecordHeaders();
        h.add(SampleHeaders.DLQ_REASON, utf8(why))
                .add(SampleHeaders.DLQ_TOPIC, utf8(topic))
                .add(SampleHeaders.DLQ_PARTITION, utf8(Integer.toString(partition)))
                .add(SampleHeaders.DLQ_OFFSET, utf8(Long.toString(offset)));
        long room = maxRecordBytes - RecordSizes.FIXED - (key == null ? 0 : 2L * utf8(key).length) - headerBytes(h)
                - SampleHeaders.DLQ_ORIGINAL_BYTES.length() - 20;
        byte[] payload = original;
        if (original.length > room) {
            payload = Arrays.copyOf(original, (int) Math.max(0, room));
            h.add(SampleHeaders.DLQ_ORIGINAL_BYTES, utf8(Integer.toString(original.length)));
        }
        return new ProducerRecord<>(Topics.GENERATE_DLQ, null, null, key, payload, h);
    }

    private static long headerBytes(RecordHeaders headers) {
        long n = 0;
        for (var h : headers) n += utf8(h.key()).length + h.value().length;
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
