package io.synthstream.trainer.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One line about the training device instead of DJL's CUDA probe warnings, on a machine without a GPU only. */
class TrainingDeviceTest {
    @Test
    void theLineSaysWhichDeviceTrains() {
        assertEquals("no GPU: training on the CPU", TrainingDevice.describe(Device.cpu(), 0));
        assertEquals("training on gpu(0) (2 GPU(s) visible)", TrainingDevice.describe(Device.gpu(0), 2));
        assertTrue(TrainingDevice.describe(Device.cpu(), 1).startsWith("training on the CPU: 1 GPU(s) visible"));
    }

    @Test
    void theCudaProbesAreMutedOnlyWhereNoNvidiaDeviceExists(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("nvidiactl")); // the control node alone (a driver, no GPU) is no GPU
        assertEquals(List.of("ai.djl.util.cuda.CudaUtils", "ai.djl.onnxruntime.engine.OrtEngine"), TrainingDevice.probesToMute(dev));
        Files.createFile(dev.resolve("nvidia0"));
        assertEquals(List.of(), TrainingDevice.probesToMute(dev), "a GPU machine keeps DJL's warnings: there they mean something");
        assertEquals(List.of(), TrainingDevice.probesToMute(dev.resolve("absent")), "cannot tell: kept");
    }

    @Test
    void mutedProbesNoLongerWarn(@TempDir Path noGpu) {
        TrainingDevice.muteCudaProbesWithoutGpu(noGpu);
        assertFalse(java.util.logging.Logger.getLogger("ai.djl.util.cuda.CudaUtils").isLoggable(Level.WARNING));
        assertTrue(java.util.logging.Logger.getLogger("ai.djl.util.cuda.CudaUtils").isLoggable(Level.SEVERE));
    }
}
