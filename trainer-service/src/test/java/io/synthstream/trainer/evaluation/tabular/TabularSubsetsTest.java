package io.synthstream.trainer.evaluation.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.data.tabular.TabularDatasetDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TabularSubsetsTest {
    @Test
    void aSubsetKeepsTheSchemaAndItsRowsExactly() {
        TabularDataset credit = new TabularDatasetDefinition(Path.of("../data/weka/credit-g.arff"), "class").read();
        LabelledRows all = LabelledRows.of(credit);
        // rows 0..39 of the "bad" class only, then three "good" ones: some categories do not occur at all
        int[] picked = java.util.stream.IntStream.range(0, credit.rowCount()).filter(i -> credit.label(i) == 1).limit(40).toArray();
        int[] some = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(picked), java.util.stream.IntStream.of(0, 2, 3)).toArray();
        TabularDataset subset = TabularSubsets.of(credit.schema(), all.subset(some), "subset");
        assertEquals(credit.schema(), subset.schema(), "same columns, categories, integral flags and classes");
        assertEquals(some.length, subset.rowCount());
        for (int i = 0; i < some.length; i++) {
            assertArrayEquals(credit.row(some[i]), subset.row(i), 0, "row " + i);
            assertEquals(credit.label(some[i]), subset.label(i));
        }
    }
}
