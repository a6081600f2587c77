package io.synthstream.trainer.evaluation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
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

    @Test
    void nonsenseThresholdsAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(1.5, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(0, -0.1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new QualityGate(0, 0, 0, false));
    }
}
