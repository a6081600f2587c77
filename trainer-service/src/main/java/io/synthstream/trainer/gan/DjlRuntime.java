package io.synthstream.trainer.gan;

import java.nio.file.Path;

/**
 * DJL process settings, applied before DJL loads: offline (no downloads, no telemetry), a project-local
 * cache for the unpacked native libraries (libtorch is ~430 MB unpacked), and no CUDA probe warnings on a
 * machine without a GPU ({@link TrainingDevice}).
 */
public final class DjlRuntime {
    public static final String PYTORCH = "PyTorch";
    public static final String ONNX_RUNTIME = "OnnxRuntime";

    private DjlRuntime() {
    }

    public static synchronized void configure(Path cacheDir) {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        if (System.getenv("DJL_CACHE_DIR") == null && cacheDir != null) {
            setIfAbsent("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
        }
        TrainingDevice.muteCudaProbesWithoutGpu(Path.of("/dev"));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
