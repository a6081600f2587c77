package io.synthstream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.MalformedEventException;
import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import io.synthstream.contracts.samples.SampleFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowsJsonTest {
    static final RowSchema SCHEMA = new RowSchema(List.of(
            Column.categorical("checking", List.of("<0", "0<=X<200", "\"none\"\n")),
            Column.numeric("duration", true),
            Column.numeric("amount", false)), "class", List.of("good", "bad"));

    @Test
    void rowsAreTypedValuesNamedByTheirColumnsAndClasses() {
        byte[] payload = RowsJson.encode(SCHEMA, new int[] {0, 1}, new double[][] {{1, 12, 250.5}, {2, 48, 100}});
        assertEquals("{\"columns\":[\"checking\",\"duration\",\"amount\"],\"classes\":[\"good\",\"bad\"],\"labels\":[0,1],"
                + "\"rows\":[[\"0<=X<200\",12,250.5],[\"\\\"none\\\"\\n\",48,100.0]]}", new String(payload, StandardCharsets.UTF_8));
        RowsJson.Rows read = RowsJson.read(payload);
        assertEquals(SCHEMA.columnNames(), read.columns());
        assertEquals(SCHEMA.classes(), read.classes());
        assertEquals(List.of(0, 1), read.labels());
        assertEquals(List.of("\"none\"\n", 48, 100.0), read.rows().get(1));
        assertThrows(MalformedEventException.class, () -> RowsJson.read("[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> RowsJson.encode(SCHEMA, new int[] {0}, new double[][] {{1, Double.NaN, 2}}));
    }

    @Test
    void theBoundsHoldForTheLongestValues() {
        assertEquals(RowsJson.encode(SCHEMA, new int[0], new double[0][]).length, RowsJson.fixedBytes(SCHEMA));
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 50;
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = new double[] {2, -(double) (1L << 53), -Double.MIN_NORMAL * rnd.nextDouble(1, 2)};
            labels[i] = 1;
        }
        long size = RowsJson.encode(SCHEMA, labels, rows).length;
        assertTrue(size <= RowsJson.fixedBytes(SCHEMA) + n * RowsJson.bytesPerRow(SCHEMA), size + " bytes");
        // an integral value takes 17 of its 24 bytes at most, a double near the smallest normal 23 or 24
        assertTrue(size > RowsJson.fixedBytes(SCHEMA) + n * (RowsJson.bytesPerRow(SCHEMA) - 10), "a tight bound: " + size);
    }

    @Test
    void aRowsBatchReadsItsRows() {
        byte[] payload = RowsJson.encode(SCHEMA, new int[] {1}, new double[][] {{0, 4, 1.5}});
        var batch = new SampleBatch("r", "m", 1, 0, 1, 0, 1, List.of(1), List.of(7), SampleFormat.ROWS_JSON, 3L, true, payload);
        assertEquals(List.of(List.of("<0", 4, 1.5)), batch.rows().rows());
        assertThrows(IllegalArgumentException.class, batch::samples);
    }
}
