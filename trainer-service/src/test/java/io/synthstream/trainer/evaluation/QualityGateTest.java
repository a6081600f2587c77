package io.synthstream.trainer.evaluation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityGateTest {
    static QualityMetrics metrics(double fidelity, Double tstr, double fd) {
        return new QualityMetrics(fidelity, 1000, 0.99, 1e-6, 1000, 1.0, 1.0, fd, 1.5, tstr, tstr == null ? null : 60000);
    }

    static Optional<ModelVersionPublished> live(QualityMetrics m) {
        return Optional.of(new ModelVersionPublished("m", 3, null, null, null, m, "j", "mnist", "conditional-dcgan", null));
    }

    static String refusal(QualityGate gate, QualityMetrics candidate, Optional<ModelVersionPublished> live) {
        return assertThrows(CandidateRejectedException.class, () -> gate.check(candidate, live)).getMessage();
    }

    static String refusal(QualityGate gate, String dataset, QualityMetrics candidate, Optional<ModelVersionPublished> live) {
        return assertThrows(CandidateRejectedException.class, () -> gate.check(dataset, candidate, live)).getMessage();
    }

    @Test
    void eachThresholdRefusesWithTheCandidatesFigures() {
        var good = metrics(0.985, 0.975, 4.0);
        var gate = new QualityGate(0.98, 0.97, 5.0, false);
        assertDoesNotThrow(() -> gate.check(good, Optional.empty()));

        String low = refusal(gate, metrics(0.97, 0.975, 4.0), Optional.empty());
        assertTrue(low.contains("label fidelity 0.9700 < required 0.9800") && low.contains("TSTR 97.50 %"), low);
        String tstr = refusal(gate, metrics(0.99, 0.90, 4.0), Optional.empty());
        assertTrue(tstr.contains("TSTR accuracy 0.9000 < required 0.9700"), tstr);
        String unmeasured = refusal(gate, metrics(0.99, null, 4.0), Optional.empty());
        assertTrue(unmeasured.contains("TSTR accuracy not measured"), unmeasured);
        String far = refusal(gate, metrics(0.99, 0.98, 9.5), Optional.empty());
        assertTrue(far.contains("Fréchet distance 9.500 > allowed 5.000"), far);
        String all = refusal(gate, metrics(0.5, 0.5, 50), Optional.empty());
        assertTrue(all.contains("label fidelity") && all.contains("TSTR accuracy 0.5000") && all.contains("Fréchet"), all);
    }

    @Test
    void continuousTrainingMustBeatTheLiveVersionOnTstrThenFidelity() {
        var gate = new QualityGate(0, 0, Double.POSITIVE_INFINITY, true);
        assertDoesNotThrow(() -> gate.check(metrics(0.9, 0.9, 9), Optional.empty()), "nothing live yet");
        assertDoesNotThrow(() -> gate.check(metrics(0.9, 0.96, 9), live(metrics(0.99, 0.95, 3))), "better TSTR wins");
        String worse = refusal(gate, metrics(0.999, 0.95, 1), live(metrics(0.9, 0.95, 3)));
        assertTrue(worse.contains("TSTR accuracy 0.9500 does not beat the live v3's 0.9500"), worse);
        String byFidelity = refusal(gate, metrics(0.9, null, 1), live(metrics(0.95, 0.99, 3)));
        assertTrue(byFidelity.contains("label fidelity 0.9000 does not beat the live v3's 0.9500"), byFidelity);
        assertDoesNotThrow(() -> QualityGate.OPEN.check(metrics(0, null, 1e9), live(metrics(1, 1.0, 0))));
    }

    /** The gate as the service starts it by default. */
    static QualityGate defaults() {
        return new QualityGate(QualityFloor.NONE, QualityGate.datasetFloors(Double.parseDouble(QualityGate.DEFAULT_MNIST_MIN_LABEL_FIDELITY),
                Double.parseDouble(QualityGate.DEFAULT_MNIST_MIN_TSTR), Double.parseDouble(QualityGate.DEFAULT_FASHION_MNIST_MIN_LABEL_FIDELITY),
                Double.parseDouble(QualityGate.DEFAULT_FASHION_MNIST_MIN_TSTR), Double.parseDouble(QualityGate.DEFAULT_IMAGES_MIN_LABEL_FIDELITY)),
                Double.POSITIVE_INFINITY, Boolean.parseBoolean(QualityGate.DEFAULT_MUST_BEAT_LIVE),
                Double.parseDouble(QualityGate.DEFAULT_MIN_AUGMENTATION_GAIN_POINTS));
    }

    static QualityMetrics withGain(QualityMetrics m, double points) {
        return m.withAugmentationGain(new ModelVersionPublished.AugmentationGain(points, 0.3, 3, 0.95, 0.95 + points / 100, 5000, 5000, 1000));
    }

    @Test
    void eachDataSetHasItsOwnFloorAndImageFoldersShareOne() {
        var gate = defaults();
        // measured: the bootstrap job of ./synthstream up (conditional MLP, MNIST) at 3 000 steps; its first version must go live
        assertDoesNotThrow(() -> gate.check("mnist", metrics(0.3367, 0.6551, 240.9), Optional.empty()));
        String broken = refusal(gate, "mnist", metrics(0.10, 0.10, 300), Optional.empty());
        assertTrue(broken.contains("label fidelity 0.1000 < required 0.2500") && broken.contains("TSTR accuracy 0.1000 < required 0.5000"),
                "a generator at chance: " + broken);
        assertDoesNotThrow(() -> gate.check("fashion-mnist", metrics(0.30, 0.45, 20), Optional.empty()), "Fashion-MNIST's TSTR floor is lower");
        assertTrue(refusal(gate, "fashion-mnist", metrics(0.20, 0.45, 20), Optional.empty()).contains("label fidelity 0.2000 < required 0.2500"));
        assertDoesNotThrow(() -> gate.check("images/pets", metrics(0.35, null, 20), Optional.empty()));
        assertTrue(refusal(gate, "images/pets", metrics(0.25, null, 20), Optional.empty()).contains("label fidelity 0.2500 < required 0.3000"));
        assertDoesNotThrow(() -> gate.check("mnist", metrics(0.85, null, 20), Optional.empty()), "a data set's TSTR floor applies where measured");
        assertDoesNotThrow(() -> gate.check("some-future-set", metrics(0.1, 0.1, 20), Optional.empty()), "no floor of its own");

        var stricter = new QualityGate(new QualityFloor(0.9, 0), gate.datasetFloors(), Double.POSITIVE_INFINITY, false, 0);
        assertTrue(refusal(stricter, "mnist", metrics(0.85, 0.75, 20), Optional.empty()).contains("required 0.9000"),
                "every data set's floor comes on top of the data set's own");
    }

    @Test
    void aNegativeAugmentationGainIsRefusedAndAnUnmeasuredOneIsNot() {
        var gate = defaults();
        assertDoesNotThrow(() -> gate.check("mnist", metrics(0.9, 0.8, 20), Optional.empty()), "not measured: no refusal on that ground");
        assertDoesNotThrow(() -> gate.check("mnist", withGain(metrics(0.9, 0.8, 20), 0.4), Optional.empty()));
        String harmful = refusal(gate, "mnist", withGain(metrics(0.9, 0.8, 20), -0.6), Optional.empty());
        assertTrue(harmful.contains("augmentation gain -0.60 points") && harmful.contains("< required +0.00"), harmful);
        var tolerant = new QualityGate(QualityFloor.NONE, Map.of(), Double.POSITIVE_INFINITY, false, -1);
        assertDoesNotThrow(() -> tolerant.check("mnist", withGain(metrics(0.9, 0.8, 20), -0.6), Optional.empty()), "a configured minimum");
        assertDoesNotThrow(() -> QualityGate.OPEN.check("mnist", withGain(metrics(0, null, 1e9), -50), live(metrics(1, 1.0, 0))));
    }

    @Test
    void aRefusalCarriesEachFailedRuleTheFiguresAndTheLiveVersionItWasComparedWith() {
        var candidate = metrics(0.2, 0.9, 20);
        var e = assertThrows(CandidateRejectedException.class, () -> defaults().check("mnist", candidate, live(metrics(0.99, 0.95, 3))));
        var refused = e.refusal(3000).orElseThrow();
        assertEquals(3000, refused.step());
        assertEquals(List.of("label fidelity 0.2000 < required 0.2500", "TSTR accuracy 0.9000 does not beat the live v3's 0.9500"),
                refused.failures());
        assertEquals(candidate, refused.metrics());
        assertEquals(3L, refused.comparedWithVersion());
        assertTrue(new CandidateRejectedException("ONNX parity check failed").refusal(10).isEmpty(), "not the gate's: no figures");
    }

    @Test
    void nonsenseThresholdsAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(1.5, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(0, -0.1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(0, 0, 0, false));
    }
}
