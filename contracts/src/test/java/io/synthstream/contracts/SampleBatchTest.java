package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthstream.contracts.codec.EventHeaders;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.codec.SampleHeaders;
import io.synthstream.contracts.samples.SampleFormat;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class SampleBatchTest {
    static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> p) {
        return new ConsumerRecord<>(p.topic(), 0, 0, 0L, TimestampType.CREATE_TIME, 0, 0, p.key(), p.value(), p.headers(), Optional.empty());
    }

    @Test
    void aBatchComesBackFromItsRecordWithEverySampleSplit() {
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        var sent = new SampleBatch("r-1", "m", 3, 1, 2, 2, 2, List.of(7, 0), List.of(1, 2, 2), SampleFormat.UINT8, 42L, true, payload);
        var record = sent.record(Topics.GENERATE_SAMPLES, 4);
        assertEquals("r-1", record.key());
        assertEquals(4, record.partition());
        assertEquals("7,0", new String(record.headers().lastHeader(SampleHeaders.LABELS).value()));
        var read = SampleBatch.of(consumed(record));
        assertEquals(List.of(sent.requestId(), sent.model(), sent.version(), sent.index(), sent.batchCount(), sent.first(), sent.count(),
                        sent.labels(), sent.shape(), sent.format(), sent.seed(), sent.last()),
                List.of(read.requestId(), read.model(), read.version(), read.index(), read.batchCount(), read.first(), read.count(),
                        read.labels(), read.shape(), read.format(), read.seed(), read.last()));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, read.samples().get(1));
    }

    @Test
    void theHeadersReadersDoNotNeedMayBeMissingTheOthersMayNot() {
        var record = consumed(new SampleBatch("r-2", "m", 1, 0, 1, 0, 1, List.of(0), List.of(1, 1, 1), SampleFormat.FLOAT32, 5L, true,
                new byte[4]).record(Topics.GENERATE_SAMPLES, null));
        record.headers().remove(SampleHeaders.MODEL).remove(SampleHeaders.SEED);
        var read = SampleBatch.of(record);
        assertNull(read.model());
        assertNull(read.seed());
        record.headers().remove(SampleHeaders.FORMAT);
        assertThrows(IllegalArgumentException.class, () -> SampleBatch.of(record));
        assertNull(EventHeaders.text(record, SampleHeaders.FORMAT));
        assertThrows(IllegalArgumentException.class, () -> SampleBatch.of(consumed(new ProducerRecord<>("t", null, null, "k", new byte[0],
                new RecordHeaders()))));
    }
}
