package io.synthstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.trainer.evaluation.QualityFloor;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.trainer.evaluation.CandidateRejectedException;
import io.synthstream.trainer.evaluation.QualityGate;
import io.synthstream.trainer.evaluation.tabular.TabularQualityGate;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GateOptionsTest {
    static QualityGate gate(String... args) {
        var train = new TrainerCli.Train();
        new CommandLine(train).parseArgs(args);
        return train.gate.gate();
    }

    @Test
    void trainRunsTheGateWithTheServicesDefaultsUnlessToldOtherwise() {
        QualityGate defaults = gate("--dataset", "mnist");
        assertTrue(defaults.mustBeatLive());
        assertEquals(new QualityFloor(0.25, 0.50), defaults.floorOf("mnist"));
        assertEquals(new QualityFloor(0.25, 0.40), defaults.floorOf("fashion-mnist"));
        assertEquals(new QualityFloor(0.30, 0), defaults.floorOf("images/pets"));
        assertEquals(0.0, defaults.minAugmentationGainPoints());

        assertFalse(gate("--dataset", "mnist", "--no-must-beat-live").mustBeatLive());
        assertTrue(gate("--dataset", "mnist", "--must-beat-live").mustBeatLive());
        assertSame(QualityGate.OPEN, gate("--dataset", "mnist", "--no-gate"));
        QualityGate own = gate("--dataset", "mnist", "--min-label-fidelity", "0.5", "--min-tstr", "0", "--min-augmentation-gain", "-1");
        assertEquals(new QualityFloor(0.5, 0), own.floorOf("mnist"), "the options replace the data set's floor");
        assertEquals(QualityFloor.NONE, own.everyDataset());
        assertEquals(-1.0, own.minAugmentationGainPoints());
    }

    @Test
    void noGateOpensTheTabularGateToo() {
        var on = new TrainerCli.Train();
        new CommandLine(on).parseArgs("--dataset", "weka/credit-g.arff");
        assertSame(TabularQualityGate.DEFAULT, on.gate.tabularGate());
        var off = new TrainerCli.Train();
        new CommandLine(off).parseArgs("--dataset", "weka/credit-g.arff", "--no-gate");
        assertSame(TabularQualityGate.OPEN, off.gate.tabularGate());
        // open: even a negative gain (or one that could not be measured) is published
        var rows = new TabularVersion(null, null, 0, 0, 0, java.util.List.of(),
                new TabularVersion.RareClassFigures("bad", 3, Double.NaN, -0.1, 0, 0));
        TabularQualityGate.OPEN.check(rows, null);
        assertThrows(CandidateRejectedException.class, () -> TabularQualityGate.DEFAULT.check(rows, null));
    }
}
