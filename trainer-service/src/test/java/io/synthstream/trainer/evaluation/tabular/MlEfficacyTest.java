package io.synthstream.trainer.evaluation.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.trainer.evaluation.tabular.TabularClassifiers.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlEfficacyTest {
    @Test
    void aCopyOfTheRealRowsMatchesThemAndRowsWithoutTheSignalDoNot() {
        LabelledRows train = TabularFixtures.table(500, 0.3, 3, 1), test = TabularFixtures.table(300, 0.3, 3, 2);
        List<MlEfficacy.Comparison> copy = MlEfficacy.compare(TabularFixtures.SCHEMA, train, train, test, List.of(Kind.values()),
                TabularClassifiersTest.SMALL, 4);
        assertEquals(2, copy.size());
        for (MlEfficacy.Comparison c : copy) {
            assertEquals(c.real(), c.synthetic(), "the same rows train the same model: " + c);
            assertEquals(1, c.minorityF1Ratio(), 1e-12);
            assertTrue(c.real().balancedAccuracy() > 0.85, c.toString());
        }
        // synthetic rows with the right marginals but no link to the class: trained on them, a classifier guesses
        LabelledRows unlinked = new LabelledRows(TabularFixtures.table(500, 0.3, 0, 3).rows(), train.labels());
        for (MlEfficacy.Comparison c : MlEfficacy.compare(TabularFixtures.SCHEMA, train, unlinked, test, List.of(Kind.values()),
                TabularClassifiersTest.SMALL, 4)) {
            assertTrue(c.balancedAccuracyRatio() < 0.75, c.toString());
        }
    }
}
