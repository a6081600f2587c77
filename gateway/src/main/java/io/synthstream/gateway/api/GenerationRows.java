package io.synthstream.gateway.api;

import io.synthstream.contracts.codec.RowsJson;
import io.synthstream.contracts.codec.SampleBatch;
import io.synthstream.gateway.bridges.GenerationStore;
import io.synthstream.gateway.bridges.GenerationStore.Generation;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A rows-json generation as a client reads it over HTTP: its rows with their class, as JSON (typed values) or as CSV
 * (RFC 4180, the label column last). The answer records hold the rows in {@link RowsJson}'s payload; this only reshapes them.
 */
public final class GenerationRows {
    /**
     * One generated row.
     *
     * @param index     its place in the generation, from 0
     * @param label     its class, an index into the generation's classes
     * @param className that class's name
     * @param values    one per column, in the columns' order: a number for a numeric column, the category's name for a
     *                  categorical one, null for a missing value
     */
    public record Row(int index, int label, String className,
                      @Schema(description = "numbers for numeric columns, category names for categorical ones, null when missing") List<Object> values) {
    }

    /** A done generation's rows: the feature columns in the version's schema order, its classes, and the rows. */
    public record Rows(List<String> columns, List<String> classes, List<Row> rows) {
    }

    private GenerationRows() {
    }

    /** The rows of a done rows-json generation; a 409 problem saying why for one of images, one that failed or one not done yet. */
    static Rows done(Generation g) {
        String id = g.request().requestId();
        if (!g.request().formatOrDefault().isRows()) {
            throw new ProblemException(409, "Not rows", "generation " + id + " holds images (" + g.request().formatOrDefault() + "), not rows: "
                    + "see them at /api/v1/generations/" + id + "/grid.png");
        }
        if (g.status() == GenerationStore.Status.FAILED) throw new ProblemException(409, "Generation failed", "generation " + id + " failed: " + g.reason());
        if (g.status() != GenerationStore.Status.DONE) {
            throw new ProblemException(409, "Not ready", g.received() + " of " + g.request().count() + " rows have arrived; ask again once "
                    + "/api/v1/generations/" + id + " says done");
        }
        return of(g.batches());
    }

    /** The rows of a generation's answer records (rows-json), in the order of their index. */
    static Rows of(List<SampleBatch> batches) {
        List<String> columns = List.of(), classes = List.of();
        List<Row> rows = new ArrayList<>();
        for (SampleBatch b : batches) {
            RowsJson.Rows read = b.rows();
            columns = read.columns();
            classes = read.classes();
            for (int i = 0; i < read.rows().size(); i++) {
                int label = read.labels().get(i);
                rows.add(new Row(b.first() + i, label, read.classes().get(label), read.rows().get(i)));
            }
        }
        return new Rows(columns, classes, rows);
    }

    /** The rows as CSV: a header of the columns then the label column, one line per row ending with its class name; CRLF. */
    static String csv(Rows rows, String labelColumn) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
            List<Object> header = new ArrayList<>(rows.columns());
            header.add(labelColumn);
            csv.printRecord(header);
            for (Row r : rows.rows()) {
                List<Object> line = new ArrayList<>(r.values());
                line.add(r.className());
                csv.printRecord(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
