package io.synthstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.trainer.evaluation.QualityFloor;
import io.synthstream.trainer.evaluation.QualityGate;
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
}
