package io.synthstream.generator.tools;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.InferenceDevice;
import io.synthstream.generator.models.LoadedGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What a node can serve from, without Kafka: the device choice the generator would make on it (and why),
 * then optionally one model version loaded, checked and timed on that device. Meant for a new GPU node or
 * image: run it there before rolling replicas onto it.
 */
@Command(name = "device-check", mixinStandardHelpOptions = true,
        description = "Print the inference device the generator would choose here, and time a model version on it.")
public final class DeviceCheck implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "${env:GENERATOR_DEVICE:-auto}", description = "auto, cpu or gpu (default: $GENERATOR_DEVICE or auto).")
    String setting;

    @Option(names = "--version-dir", description = "A model version as the trainer keeps it: version.json and model.onnx.")
    Path versionDir;

    @Option(names = "--batch", defaultValue = "256", description = "Samples per inference call when timing.")
    int batch;

    @Option(names = "--gpu-fastest-convolutions", description = "As synthstream.generator.gpu-reproducible=false.")
    boolean fastest;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(new CommandLine(new DeviceCheck()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Engine.getEngine(GeneratorLoader.ENGINE); // DJL creates the process's OrtEnvironment
        System.out.printf("ONNX Runtime %s, execution providers in this build: %s%n", OrtEnvironment.getEnvironment().getVersion(),
                OrtEnvironment.getAvailableProviders());
        InferenceDevice device;
        try {
            device = InferenceDevice.choose(setting);
        } catch (IllegalStateException e) {
            System.out.println("the generator would refuse to start: " + e.getMessage());
            return 2;
        }
        System.out.printf("inference device: %s (setting '%s': %s)%n", device.device(), setting, device.reason());
        if (versionDir == null) return 0;

        var version = PublishedModels.fromDirectory(versionDir);
        LoadedGenerator g = new GeneratorLoader(device.device(), Files.createTempDirectory("device-check"), 0, !fastest)
                .load(version.event(), version.onnx());
        try {
            FixedBatch fixed = FixedBatch.of(g, batch);
            double rate = fixed.samplesPerSecond(g);
            System.out.printf("%s loaded, checked and timed on %s: %,.0f samples/s at batch %d (%.2f ms per call)%n",
                    version.event().key(), device.device(), rate, batch, batch * 1e3 / rate);
            float[] samples = fixed.generate(g);
            // equal digests on two runs (or two nodes) of the same device kind = the same samples for the same seeds
            System.out.printf("digest of a fixed batch's samples: %s%n", digest(samples));
            if (device.device().isGpu()) {
                System.out.printf("largest difference from the CPU's samples: %.2e%n", cpuDifference(version, samples, fixed));
            }
        } finally {
            g.release();
        }
        return 0;
    }

    private static String digest(float[] values) throws Exception {
        var bytes = java.nio.ByteBuffer.allocate(values.length * 4);
        bytes.asFloatBuffer().put(values);
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes.array())).substring(0, 16);
    }

    /** The same latents through the CPU provider: a GPU that serves must serve the same samples (to float rounding). */
    private static double cpuDifference(PublishedModels.Newest version, float[] gpu, FixedBatch fixed) throws Exception {
        LoadedGenerator cpu = new GeneratorLoader(Device.cpu(), Files.createTempDirectory("device-check")).load(version.event(), version.onnx());
        try {
            float[] expected = fixed.generate(cpu);
            double max = 0;
            for (int i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(expected[i] - gpu[i]));
            return max;
        } finally {
            cpu.release();
        }
    }
}
