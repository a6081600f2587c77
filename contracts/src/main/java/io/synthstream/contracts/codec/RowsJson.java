package io.synthstream.contracts.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.synthstream.contracts.rows.RowSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The payload of a rows-json sample record (docs/events.md, "Rows"): one UTF-8 JSON object holding the record's rows,
 * readable by any JSON parser without synthstream's code:
 * <pre>{"columns":["duration","purpose"],"classes":["good","bad"],"labels":[0,1],"rows":[[12,"radio/tv"],[36.5,"car"]]}</pre>
 * {@code columns}: the feature columns in row order (the label column is not among them); {@code classes}: the label's
 * classes, which {@code labels} index (one per row, as the record's {@code synthstream-labels} header); {@code rows}: per
 * row one value per column, a number for a numeric column (a whole number for an integral one) and the category's
 * name for a categorical one. Keys are written in that order; readers should not depend on it.
 */
public final class RowsJson {
    /** The longest a finite double takes as JSON ({@link Double#toString}, e.g. -2.2250738585072014E-308). */
    static final int MAX_NUMBER_CHARS = 24;
    /** An integral value up to this magnitude is written as a whole number: beyond it a double no longer holds every integer. */
    private static final double EXACT_INTEGERS = 1L << 53;

    /** A rows-json payload as read back: what a client gets. */
    public record Rows(List<String> columns, List<String> classes, List<Integer> labels, List<List<Object>> rows) {
    }

    private RowsJson() {
    }

    /**
     * The payload of rows typed as {@code rows.RowDecoder} gives them (numbers, category indexes), in the schema's column order.
     *
     * @param labels each row's class index
     */
    public static byte[] encode(RowSchema schema, int[] labels, double[][] rows) {
        if (labels.length != rows.length) throw new IllegalArgumentException(labels.length + " labels for " + rows.length + " rows");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + rows.length * 16 * schema.columns().size());
        try (JsonGenerator g = EventJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (RowSchema.Column c : schema.columns()) g.writeString(c.name());
            g.writeEndArray();
            g.writeArrayFieldStart("classes");
            for (String c : schema.classes()) g.writeString(c);
            g.writeEndArray();
            g.writeArrayFieldStart("labels");
            for (int label : labels) g.writeNumber(label);
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (double[] row : rows) writeRow(g, schema, row);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRow(JsonGenerator g, RowSchema schema, double[] row) throws IOException {
        if (row.length != schema.columns().size()) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + schema.columns().size() + " columns");
        }
        g.writeStartArray();
        for (int c = 0; c < row.length; c++) {
            RowSchema.Column column = schema.columns().get(c);
            double v = row[c];
            if (!Double.isFinite(v)) throw new IllegalArgumentException("column '" + column.name() + "' holds " + v + ", not a finite number");
            if (!column.numeric()) g.writeString(column.categories().get((int) v));
            else if (column.integral() && Math.abs(v) <= EXACT_INTEGERS) g.writeNumber((long) v);
            else g.writeNumber(v);
        }
        g.writeEndArray();
    }

    /** A payload read back; {@link MalformedEventException} when it is not a rows-json object. */
    public static Rows read(byte[] payload) {
        try {
            return EventJson.MAPPER.readerFor(Rows.class).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(payload);
        } catch (IOException e) {
            throw new MalformedEventException("not a rows-json payload: " + e.getMessage(), e);
        }
    }

    /** The payload's bytes besides its rows and labels: the column and class names (exact). */
    public static long fixedBytes(RowSchema schema) {
        return encode(schema, new int[0], new double[0][]).length;
    }

    /**
     * The most payload bytes one row adds: its label and comma, its brackets and commas, each number at its longest and
     * each category at its longest as JSON.
     */
    public static long bytesPerRow(RowSchema schema) {
        long bytes = Integer.toString(schema.classes().size() - 1).length() + 1 + 2 + 1; // label and comma; [ ] and the comma after
        for (RowSchema.Column c : schema.columns()) {
            bytes += 1 + (c.numeric() ? MAX_NUMBER_CHARS : longestString(c.categories())); // a comma each
        }
        return bytes;
    }

    private static long longestString(List<String> values) {
        long longest = 0;
        try {
            for (String v : values) longest = Math.max(longest, EventJson.MAPPER.writeValueAsBytes(v).length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return longest;
    }
}
