package io.synthstream.generator.models;

import ai.djl.Device;
import ai.djl.Model;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.onnx.Uint8Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jboss.logging.Logger;

/**
 * Loads a generator version with DJL's ONNX Runtime engine on the chosen device, then warms it up and
 * checks it against the contract its event announces (output size, finite values inside the value
 * range; for a tabular version, rows its encoding can decode: {@link TabularVersionCheck}). Anything wrong refuses the
 * version.
 */
public final class GeneratorLoader {
    private static final Logger LOG = Logger.getLogger(GeneratorLoader.class);
    public static final String ENGINE = "OnnxRuntime";
    private static final int WARMUP_BATCH = 32;

    private final Device device;
    private final Path workDir;
    private final int intraOpThreads;
    private final boolean reproducibleGpu;
    private volatile Boolean deviceRoundsAsJava;

    /**
     * @param intraOpThreads  ONNX Runtime threads per inference call; 0 leaves ONNX Runtime's default (one per core)
     * @param reproducibleGpu on a GPU, fixed deterministic convolution algorithms, so that a seed gives the same
     *                        samples after a restart (measured on an H100: with ONNX Runtime's default algorithm
     *                        search, two runs of the DCGAN on the same latents gave different samples)
     */
    public GeneratorLoader(Device device, Path workDir, int intraOpThreads, boolean reproducibleGpu) {
        this.device = device;
        this.workDir = workDir;
        this.intraOpThreads = intraOpThreads;
        this.reproducibleGpu = reproducibleGpu;
    }

    public GeneratorLoader(Device device, Path workDir) {
        this(device, workDir, 0, true);
    }

    public Device device() {
        return device;
    }

    public LoadedGenerator load(ModelVersionPublished event, byte[] onnx) throws ArtifactRefusedException {
        var c = event.contract();
        if (c == null || c.latentSize() < 1 || c.numClasses() < 1 || c.sampleShape() == null || c.sampleShape().isEmpty()) {
            throw new ArtifactRefusedException(event.key() + ": the event has no usable generator contract");
        }
        RowDecoder rows = TabularVersionCheck.decoder(event);
        Optional<byte[]> withGreyLevels;
        try {
            // rows are decoded from the float values: a tabular version needs no grey levels
            withGreyLevels = rows != null ? Optional.empty() : Uint8Output.append(onnx, c.output(), LoadedGenerator.UINT8_OUTPUT);
        } catch (IllegalArgumentException e) {
            throw new ArtifactRefusedException(event.key() + ": cannot serve the artifact: " + e.getMessage(), e);
        }
        byte[] served = withGreyLevels.orElse(onnx); // an opset before Uint8Output.MIN_OPSET: grey levels are rounded in Java
        Path file;
        try {
            Files.createDirectories(workDir);
            file = Files.createTempFile(workDir, event.modelName() + "-v" + event.version() + "-", ".onnx");
            Files.write(file, served);
        } catch (IOException e) {
            throw new ArtifactRefusedException(event.key() + ": cannot stage the artifact: " + e.getMessage(), e);
        }
        // DJL appends the CUDA execution provider with its defaults for a GPU model; to choose its options the
        // provider is appended here instead and DJL is given the CPU (which only places DJL's own arrays).
        boolean ownCuda = device.isGpu() && reproducibleGpu;
        Model model = Model.newInstance(event.key(), ownCuda ? Device.cpu() : device, ENGINE);
        try (var options = sessionOptions(ownCuda)) {
            model.load(file, null, Map.of("sessionOptions", options));
        } catch (Exception | UnsatisfiedLinkError e) {
            model.close();
            throw new ArtifactRefusedException(event.key() + ": ONNX Runtime cannot load the artifact: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale temp file is harmless
            }
        }
        LoadedGenerator g = new LoadedGenerator(event, model, withGreyLevels.isPresent(), rows);
        try {
            warmUpAndCheck(g);
            if (g.greyLevelsFromGraph()) g.greyLevelsFromGraph(deviceRoundsAsJava());
        } catch (RuntimeException e) {
            g.release();
            throw new ArtifactRefusedException(event.key() + ": does not honour its contract: " + e.getMessage(), e);
        }
        LOG.infof("loaded %s on %s%s", event.key(), device,
                device.isGpu() && !reproducibleGpu ? " (fastest convolution algorithms: not reproducible)" : "");
        return g;
    }

    /**
     * The session options of every version. ONNX Runtime's pool threads spin after every call by default. Beside a
     * broker and Kafka clients on a few cores that spinning took more CPU than the inference itself (measured in the
     * bench: 12 s of a 27 s run), so it is turned off. Criteria carries only string options, so a version is loaded
     * with DJL's Model.load, which takes the SessionOptions.
     *
     * @param cuda with the CUDA execution provider (deterministic, fixed convolution algorithms)
     */
    private OrtSession.SessionOptions sessionOptions(boolean cuda) throws OrtException {
        var options = new OrtSession.SessionOptions();
        try {
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            options.setInterOpNumThreads(1);
            if (intraOpThreads > 0) options.setIntraOpNumThreads(intraOpThreads);
            if (cuda) {
                options.setDeterministicCompute(true);
                try (var provider = new OrtCUDAProviderOptions(device.getDeviceId())) { // copied into the options
                    provider.add("cudnn_conv_algo_search", "DEFAULT"); // no timing-dependent choice between algorithms
                    options.addCUDA(provider);
                }
            }
            return options;
        } catch (OrtException | RuntimeException | LinkageError e) {
            options.close();
            throw e;
        }
    }

    /** Whether the grey-level nodes give Java's rounding on this device for NaN, infinities and every boundary; checked once. */
    private boolean deviceRoundsAsJava() {
        Boolean checked = deviceRoundsAsJava;
        if (checked == null) {
            // a check that cannot run costs the version its graph's grey levels, never the version itself
            try (var options = sessionOptions(device.isGpu())) {
                checked = GreyLevelProbe.matchesJava(options, device.toString());
            } catch (OrtException | RuntimeException | LinkageError e) {
                LOG.warnf(e, "no session options for the grey-level check: grey levels are encoded from the float values");
                checked = false;
            }
            deviceRoundsAsJava = checked;
        }
        return checked;
    }

    private static void warmUpAndCheck(LoadedGenerator g) {
        var c = g.event().contract();
        SplittableRandom rnd = new SplittableRandom(1);
        float[] z = new float[WARMUP_BATCH * c.latentSize()];
        for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
        int[] labels = new int[WARMUP_BATCH];
        for (int i = 0; i < labels.length; i++) labels[i] = i % c.numClasses();
        boolean exact = g.greyLevelsFromGraph();
        for (int round = 0; round < 3; round++) {
            var out = g.generate(z, labels, true, g.greyLevelsFromGraph());
            for (int i = 0; i < out.values().length; i++) {
                float v = out.values()[i];
                if (!Float.isFinite(v) || v < c.valueMin() - 1e-3 || v > c.valueMax() + 1e-3) {
                    throw new IllegalStateException("output value " + v + " outside [" + c.valueMin() + ", " + c.valueMax() + "]");
                }
                exact &= out.greyLevels() != null && (out.greyLevels()[i] & 0xff) == SampleGrids.pixel(v);
            }
        }
        // the graph's rounding is exact in IEEE float32; should an execution provider round otherwise, uint8 and png
        // are encoded from the float values instead, so a version's samples never depend on the device
        if (g.greyLevelsFromGraph() && !exact) {
            LOG.warnf("%s: the graph's grey levels differ from the documented rounding on this device: encoding them from the float "
                    + "values", g.event().key());
        }
        g.greyLevelsFromGraph(exact);
    }
}
