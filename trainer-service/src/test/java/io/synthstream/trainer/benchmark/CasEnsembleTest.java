package io.synthstream.trainer.benchmark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import org.junit.jupiter.api.Test;

class CasEnsembleTest {
    @Test
    void figuresDrawnWithAnotherRunsGanAreNotExtendedUnderTheSameKey() {
        var measured = EventJson.MAPPER.createObjectNode().put("test", 0.84).put("with", ".local/cas-dcgan-fashion");
        assertDoesNotThrow(() -> CasEnsemble.requireSameRun(measured, ".local/cas-dcgan-fashion"));
        assertDoesNotThrow(() -> CasEnsemble.requireSameRun(null, ".local/other"), "nothing measured yet");
        var e = assertThrows(IllegalArgumentException.class, () -> CasEnsemble.requireSameRun(measured, ".local/other"));
        assertTrue(e.getMessage().contains(".local/cas-dcgan-fashion") && e.getMessage().contains("--out"), e.getMessage());
    }

    @Test
    void eachSeedHasItsOwnKeyBesideTheSingleGanPools() {
        assertEquals("fashion-mnist/cas/ensemble/s2", CasEnsemble.key("fashion-mnist", 2));
        assertFalse(CasEnsemble.key("mnist", 0).startsWith("mnist/cas/synthetic/"), "never read as a single-GAN pool");
    }
}
