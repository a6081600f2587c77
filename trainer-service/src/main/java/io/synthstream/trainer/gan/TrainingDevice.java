package io.synthstream.trainer.gan;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The device training runs on, said once in words. DJL probes CUDA as it loads: on a machine without a GPU but
 * with a CUDA runtime installed (a CUDA base image, a toolkit) the probe warns "CUDA driver version is insufficient
 * for CUDA runtime version", and ONNX Runtime that it has no CUDA provider — noise that opened every trainer log.
 * Where no NVIDIA device exists those warnings are muted and one line says "no GPU: training on the CPU"; on a
 * machine with a GPU they stay, since there they mean something.
 */
public final class TrainingDevice {
    private static final Logger LOG = Logger.getLogger(TrainingDevice.class);
    /** The loggers of DJL's CUDA probes. */
    private static final List<String> CUDA_PROBES = List.of("ai.djl.util.cuda.CudaUtils", "ai.djl.onnxruntime.engine.OrtEngine");
    /** Held: java.util.logging forgets the level of a logger nobody references. */
    private static final List<java.util.logging.Logger> MUTED = new ArrayList<>();
    private static Device device;

    private TrainingDevice() {
    }

    /** Mutes the CUDA probes' warnings if {@code devices} (/dev) holds no NVIDIA device; before DJL loads. */
    static synchronized void muteCudaProbesWithoutGpu(Path devices) {
        if (!MUTED.isEmpty()) return;
        for (String name : probesToMute(devices)) {
            java.util.logging.Logger probe = java.util.logging.Logger.getLogger(name);
            probe.setLevel(Level.SEVERE);
            MUTED.add(probe);
        }
    }

    /** The loggers of DJL's CUDA probes where {@code devices} holds no NVIDIA device, else none. */
    static List<String> probesToMute(Path devices) {
        return nvidiaDevicePresent(devices) ? List.of() : CUDA_PROBES;
    }

    /** PyTorch's default device, told in the log the first time. */
    public static synchronized Device get() {
        if (device == null) {
            Engine engine = Engine.getEngine(DjlRuntime.PYTORCH);
            device = engine.defaultDevice();
            LOG.info(describe(device, engine.getGpuCount()));
        }
        return device;
    }

    static String describe(Device device, int gpus) {
        if (device.isGpu()) return "training on " + device + " (" + gpus + " GPU(s) visible)";
        if (gpus > 0) return "training on the CPU: " + gpus + " GPU(s) visible, but this PyTorch build does not use them";
        return "no GPU: training on the CPU";
    }

    /** An NVIDIA device node (nvidia0, nvidia1, …) in {@code devices}. */
    static boolean nvidiaDevicePresent(Path devices) {
        try (Stream<Path> nodes = Files.list(devices)) {
            return nodes.anyMatch(p -> p.getFileName().toString().matches("nvidia\\d+"));
        } catch (IOException | SecurityException e) {
            return true; // cannot tell: DJL's own warnings stay
        }
    }
}
