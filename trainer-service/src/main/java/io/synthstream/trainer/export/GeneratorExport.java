package io.synthstream.trainer.export;

import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.onnx.Int8Quantization;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The export stage: writes the generator being trained as ONNX, loads that file with ONNX Runtime and compares it
 * with the DJL forward on a fixed batch, then — when the job asks for int8 — quantizes its fully connected layers
 * ({@link Int8Quantization}) and measures how far that moved the output. Every later figure is measured on the file
 * this returns, the one to be published, so the trainer never publishes a file that disagrees with what it trained.
 */
public final class GeneratorExport {
    public static final double PARITY_TOLERANCE = 1e-4;
    public static final int PARITY_BATCH = 256;
    public static final String ONNX_FILE = "model.onnx";

    private GeneratorExport() {
    }

    /**
     * @param folder    the candidate's folder; {@value #ONNX_FILE} is written there
     * @param precision the job's; with int8 the float32 export passes the parity check first, then is quantized
     * @throws ExportCheckFailedException when the file has another output shape, fails the parity check or cannot be quantized
     */
    public static ExportedGenerator export(GanTraining training, Path folder, String precision) throws IOException {
        GanShape shape = training.shape();
        byte[] onnx = GeneratorOnnx.write(training);
        Files.createDirectories(folder);
        Path onnxFile = folder.resolve(ONNX_FILE);
        Files.write(onnxFile, onnx);
        double parity;
        float[] float32;
        try (GeneratorSession session = new GeneratorSession(onnxFile, shape.latentSize())) {
            long[] outShape = session.outputShape(3);
            long[] expected = {3, shape.channels(), shape.height(), shape.width()};
            if (!Arrays.equals(outShape, expected)) {
                throw new ExportCheckFailedException("ONNX output shape " + Arrays.toString(outShape) + " != " + Arrays.toString(expected));
            }
            parity = parity(training, session);
            if (!(parity <= PARITY_TOLERANCE)) {
                throw new ExportCheckFailedException(String.format("ONNX parity check failed: max |DJL - ONNX Runtime| = %.3g > %.0e",
                        parity, PARITY_TOLERANCE));
            }
            if (!TrainingJobRequested.PRECISION_INT8.equals(precision)) {
                return new ExportedGenerator(onnx, onnxFile, shape, training.step(), TrainingJobRequested.PRECISION_FLOAT32, parity, null, null);
            }
            float32 = session.generate(parityLatents(shape), parityLabels(shape)); // what the int8 artifact is compared with
        }
        return quantized(onnx, onnxFile, shape, training.step(), parity, float32);
    }

    private static ExportedGenerator quantized(byte[] float32Onnx, Path onnxFile, GanShape shape, long step, double parity, float[] float32)
            throws IOException {
        byte[] onnx;
        try {
            onnx = Int8Quantization.quantizeGemms(float32Onnx);
        } catch (IllegalArgumentException e) {
            throw new ExportCheckFailedException("cannot quantize to int8: " + e.getMessage());
        }
        Files.write(onnxFile, onnx);
        float[] int8;
        try (GeneratorSession session = new GeneratorSession(onnxFile, shape.latentSize())) {
            int8 = session.generate(parityLatents(shape), parityLabels(shape));
        }
        double sum = 0, max = 0;
        for (int i = 0; i < float32.length; i++) {
            double d = Math.abs(float32[i] - int8[i]);
            sum += d;
            max = Math.max(max, d);
        }
        return new ExportedGenerator(onnx, onnxFile, shape, step, TrainingJobRequested.PRECISION_INT8, parity, sum / float32.length, max);
    }

    /** Max |DJL forward − ONNX Runtime| on a fixed batch of latents and labels. */
    public static double parity(GanTraining training, GeneratorSession session) {
        float[] z = parityLatents(training.shape());
        int[] labels = parityLabels(training.shape());
        float[] djl = training.generate(z, labels);
        float[] ort = session.generate(z, labels);
        if (djl.length != ort.length) return Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < djl.length; i++) max = Math.max(max, Math.abs(djl[i] - ort[i]));
        return max;
    }

    private static float[] parityLatents(GanShape shape) {
        return GanTraining.gaussian(new SplittableRandom(7), PARITY_BATCH * shape.latentSize());
    }

    private static int[] parityLabels(GanShape shape) {
        int[] labels = new int[PARITY_BATCH];
        for (int i = 0; i < labels.length; i++) labels[i] = i % shape.numClasses();
        return labels;
    }
}
