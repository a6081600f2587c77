package io.synthstream.generator.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.onnxruntime.OrtSession;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceDeviceTest {

    /** A GPU as the choice sees it: whether the build has CUDA, and what the probe does. */
    record FakeGpu(boolean buildHasCuda, String probeFailure) implements InferenceDevice.Gpu {
        @Override
        public void probe() throws Exception {
            if (probeFailure != null) throw new ai.onnxruntime.OrtException(probeFailure);
        }
    }

    static final FakeGpu WORKING = new FakeGpu(true, null);
    static final FakeGpu CPU_BUILD = new FakeGpu(false, null);
    static final FakeGpu MISSING_CUDA_12 = new FakeGpu(true,
            "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file");

    @Test
    void autoTakesTheGpuOnlyWhenTheProbeRanOnIt() {
        InferenceDevice d = InferenceDevice.choose("auto", WORKING);
        assertEquals(Device.gpu(), d.device());
        assertFalse(d.gpuBuildOnCpu());
    }

    @Test
    void autoFallsBackToTheCpuOnTheCpuBuildQuietly() {
        InferenceDevice d = InferenceDevice.choose("auto", CPU_BUILD);
        assertEquals(Device.cpu(), d.device());
        assertTrue(d.reason().contains("no CUDA execution provider"), d.reason());
        assertFalse(d.gpuBuildOnCpu(), "the CPU build on the CPU is the normal case, not a warning");
    }

    @Test
    void autoFallsBackToTheCpuWhenTheGpuBuildCannotRunAndSaysWhy() {
        InferenceDevice d = InferenceDevice.choose("auto", MISSING_CUDA_12);
        assertEquals(Device.cpu(), d.device());
        assertTrue(d.reason().contains("libcublasLt.so.12"), d.reason());
        assertTrue(d.gpuBuildOnCpu());
    }

    @Test
    void gpuRefusesToStartWithoutAWorkingGpu() {
        var e = assertThrows(IllegalStateException.class, () -> InferenceDevice.choose("gpu", MISSING_CUDA_12));
        assertTrue(e.getMessage().contains("device=gpu") && e.getMessage().contains("libcublasLt.so.12"), e.getMessage());
        var e2 = assertThrows(IllegalStateException.class, () -> InferenceDevice.choose("gpu", CPU_BUILD));
        assertTrue(e2.getMessage().contains("no CUDA execution provider"), e2.getMessage());
        assertEquals(Device.gpu(), InferenceDevice.choose("gpu", WORKING).device());
    }

    @Test
    void cpuNeverProbes() {
        InferenceDevice d = InferenceDevice.choose("cpu", new InferenceDevice.Gpu() {
            @Override
            public boolean buildHasCuda() {
                throw new AssertionError("cpu must not look at the GPU");
            }

            @Override
            public void probe() {
                throw new AssertionError("cpu must not probe");
            }
        });
        assertEquals(Device.cpu(), d.device());
        assertThrows(IllegalArgumentException.class, () -> InferenceDevice.choose("tpu", WORKING));
    }

    @Test
    void onThisMachineAutoServesFromTheCpu() {
        // CI and this project's own machines run the CPU jar: auto must end on the CPU, for that reason
        InferenceDevice d = InferenceDevice.choose("auto");
        assertEquals(Device.cpu(), d.device());
        assertTrue(d.reason().contains("no CUDA execution provider"), d.reason());
        assertThrows(IllegalStateException.class, () -> InferenceDevice.choose("gpu"));
    }

    @Test
    void aFailedProbeNamesTheLibrariesTheLinkerCannotFind() {
        assertEquals(List.of("libsynthstream-absent.so.12"), InferenceDevice.OrtGpu.notFound(List.of("libc.so.6", "libsynthstream-absent.so.12")));
    }

    @Test
    void theProbeGraphComputesItsKnownAnswer() throws Exception {
        // the same graph and check the GPU probe runs, here on the CPU provider
        try (var options = new OrtSession.SessionOptions()) {
            InferenceDevice.OrtGpu.runProbe(options);
        }
    }
}
