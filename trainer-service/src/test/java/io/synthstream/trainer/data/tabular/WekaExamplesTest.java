package io.synthstream.trainer.data.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.contracts.rows.RowSchema.Column;
import io.synthstream.trainer.data.tabular.TabularDataset.MissingValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Weka's example ARFF files as bin/fetch-data puts them in the data folder ({@code SYNTHSTREAM_DATA_DIR}, else the
 * repository's data/). Skipped, saying so, where they have not been fetched: the inline tests cover every rule.
 */
class WekaExamplesTest {
    private static Path example(String name) {
        String dataDir = System.getenv("SYNTHSTREAM_DATA_DIR");
        Path file = (dataDir != null ? Path.of(dataDir) : Path.of("..", "data")).resolve("weka").resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), file + " is absent: run bin/fetch-data weka to include this test");
        return file;
    }

    @Test
    void creditG() {
        TabularDataset d = new TabularDatasetDefinition(example("credit-g.arff"), "class").read();
        RowSchema schema = d.schema();
        assertEquals(1000, d.rowCount());
        assertEquals(20, schema.columns().size());
        assertEquals(7, schema.columns().stream().filter(Column::numeric).count());
        assertEquals(List.of("good", "bad"), schema.classes());
        assertEquals(Map.of("good", 700, "bad", 300), d.classCounts());
        assertTrue(d.missingValues().isEmpty());
        assertEquals(List.of("<0", "0<=X<200", ">=200", "no checking"), schema.column("checking_status").categories());
        assertEquals(Column.numeric("duration", true), schema.column("duration"));
        assertEquals(11, schema.column("purpose").categories().size());
        // the first applicant: '<0',6,'critical/other existing credit',radio/tv,1169,...,67,...,good
        assertEquals(0, d.category(0, 0));
        assertEquals(6, d.number(0, 1));
        assertEquals("critical/other existing credit", schema.columns().get(2).categories().get(d.category(0, 2)));
        assertEquals(1169, d.number(0, schema.columnIndex("credit_amount")));
        assertEquals(67, d.number(0, schema.columnIndex("age")));
        assertEquals(0, d.label(0));
        assertEquals(1, d.label(1), "the second applicant is bad");
    }

    @Test
    void diabetesIsAllNumeric() {
        TabularDataset d = new TabularDatasetDefinition(example("diabetes.arff"), "class").read();
        assertEquals(768, d.rowCount());
        assertTrue(d.schema().columns().stream().allMatch(Column::numeric));
        assertTrue(d.schema().column("preg").integral());
        assertTrue(!d.schema().column("mass").integral());
        assertEquals(Map.of("tested_negative", 500, "tested_positive", 268), d.classCounts());
    }

    @Test
    void voteIsAllNominalWithGapsFilled() {
        TabularDataset d = new TabularDatasetDefinition(example("vote.arff"), "Class").read();
        assertEquals(435, d.rowCount());
        assertEquals(16, d.schema().columns().size());
        assertTrue(d.schema().columns().stream().noneMatch(Column::numeric));
        assertEquals(Map.of("democrat", 267, "republican", 168), d.classCounts());
        assertEquals(392, d.missingValueCount(), "vote.arff's '?' votes");
        MissingValues first = d.missingValues().get(0);
        assertEquals("handicapped-infants", first.column());
        assertEquals(12, first.count());
    }
}
