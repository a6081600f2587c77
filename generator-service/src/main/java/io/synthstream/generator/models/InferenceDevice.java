package io.synthstream.generator.models;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import com.sun.jna.NativeLibrary;
import io.synthstream.onnx.OnnxGraphs;
import java.util.List;
import java.util.Map;

/**
 * The device that serves inference and why it was chosen. A GPU is chosen only after the CUDA execution
 * provider has run a probe graph on it: "a GPU is visible" (DJL's check loads libcudart) is not "ONNX
 * Runtime can use it" — the CPU build has no CUDA provider, and the GPU build's provider needs CUDA 12 and
 * cuDNN 9 beside the driver. Deciding here, before any artifact arrives, keeps a device problem from being
 * reported as one refused artifact after another.
 *
 * @param gpuBuildOnCpu the GPU build ended on the CPU (auto, probe failed): someone meant this replica to use a GPU
 */
public record InferenceDevice(Device device, String reason, boolean gpuBuildOnCpu) {

    /** What the choice needs to know about the GPU; the real one asks ONNX Runtime, tests pass fakes. */
    public interface Gpu {
        /** False for ONNX Runtime's CPU build (the default jar): it has no CUDA execution provider. */
        boolean buildHasCuda();

        /** Runs the probe graph on the CUDA execution provider; throws with ONNX Runtime's reason when it cannot. */
        void probe() throws Exception;
    }

    /**
     * @param setting {@code cpu}; {@code gpu} (fails when the GPU cannot serve: a GPU replica must not quietly
     *                serve from the CPU); {@code auto} (the GPU when the probe runs on it, else the CPU)
     */
    public static InferenceDevice choose(String setting, Gpu gpu) {
        return switch (setting) {
            case "cpu" -> new InferenceDevice(Device.cpu(), "configured", false);
            case "gpu", "auto" -> {
                String unusable = whyUnusable(gpu);
                if (unusable == null) yield new InferenceDevice(Device.gpu(), "the CUDA execution provider ran the device probe on GPU 0", false);
                if (setting.equals("gpu")) throw new IllegalStateException("synthstream.generator.device=gpu but the GPU cannot serve: " + unusable);
                yield new InferenceDevice(Device.cpu(), unusable, gpu.buildHasCuda());
            }
            default -> throw new IllegalArgumentException("synthstream.generator.device must be auto, cpu or gpu, got " + setting);
        };
    }

    public static InferenceDevice choose(String setting) {
        return choose(setting, new OrtGpu());
    }

    private static String whyUnusable(Gpu gpu) {
        if (!gpu.buildHasCuda()) return "this ONNX Runtime build has no CUDA execution provider (the GPU build is the -Pgpu Maven profile)";
        try {
            gpu.probe();
            return null;
        } catch (Exception | LinkageError e) {
            return "the CUDA execution provider cannot run on GPU 0: " + e.getMessage();
        }
    }

    /** ONNX Runtime itself: its provider list and a probe session with the CPU fallback turned off. */
    static final class OrtGpu implements Gpu {
        OrtGpu() {
            // DJL's engine creates the process's one OrtEnvironment (with its thread pools) and fails if one exists
            Engine.getEngine(GeneratorLoader.ENGINE);
        }

        @Override
        public boolean buildHasCuda() {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        }

        /**
         * What ONNX Runtime 1.24's CUDA provider links against ({@code readelf -d libonnxruntime_providers_cuda.so}):
         * CUDA 12 and cuDNN 9. ONNX Runtime's own error says only "Failed to load shared library".
         */
        static final List<String> CUDA_PROVIDER_NEEDS = List.of("libcudart.so.12", "libcublasLt.so.12", "libcublas.so.12",
                "libcufft.so.11", "libcurand.so.10", "libcudnn.so.9");

        @Override
        public void probe() throws Exception {
            try (var options = new OrtSession.SessionOptions()) {
                // without this ONNX Runtime would quietly place the MatMul on the CPU and the probe would prove nothing
                options.addConfigEntry("session.disable_cpu_ep_fallback", "1");
                options.addCUDA(0);
                runProbe(options);
            } catch (OrtException e) {
                List<String> missing = notFound(CUDA_PROVIDER_NEEDS);
                if (missing.isEmpty()) throw e;
                throw new IllegalStateException(e.getMessage() + " (not found: " + String.join(", ", missing) + ")", e);
            }
        }

        /** The shared libraries of these names that the dynamic linker cannot find. */
        static List<String> notFound(List<String> sonames) {
            return sonames.stream().filter(name -> {
                try {
                    NativeLibrary.getInstance(name);
                    return false;
                } catch (UnsatisfiedLinkError e) {
                    return true;
                }
            }).toList();
        }

        /** Runs the probe graph with these options and checks its answer. */
        static void runProbe(OrtSession.SessionOptions options) throws Exception {
            Engine.getEngine(GeneratorLoader.ENGINE);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(OnnxGraphs.deviceProbe(), options);
                 OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{1f, 1f}});
                 OrtSession.Result out = session.run(Map.of(OnnxGraphs.PROBE_INPUT, x))) {
                float[] y = ((float[][]) out.get(0).getValue())[0];
                if (y[0] != 4f || y[1] != 6f) {
                    throw new IllegalStateException("the probe computed [" + y[0] + ", " + y[1] + "] instead of [4.0, 6.0]");
                }
            }
        }
    }
}
