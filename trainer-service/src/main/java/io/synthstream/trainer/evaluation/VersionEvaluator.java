package io.synthstream.trainer.evaluation;

import io.synthstream.onnx.Int8Quantization;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.events.ModelVersionPublished.GeneratorContract;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.export.GeneratorOnnx;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns the generator being trained into a checked candidate version: exports it to ONNX, loads that
 * file with ONNX Runtime, compares it with the DJL forward on a fixed batch, quantizes it when the job asks
 * for int8, then draws the preview grid and measures label fidelity, all on the artifact to be published.
 */
public final class VersionEvaluator {
    public static final double PARITY_TOLERANCE = 1e-4;
    public static final int PARITY_BATCH = 256;
    /** Fixed latents for the preview grid, so grids of successive versions are comparable. */
    public static final long GRID_SEED = 20261122L;
    public static final int GRID_COLUMNS = 10;
    private static final int FIDELITY_BATCH = 1000;

    private VersionEvaluator() {
    }

    public static VersionCandidate evaluate(GanTraining training, ReferenceClassifier reference, List<String> classNames,
                                            int fidelityPerClass, Path folder) throws IOException {
        return evaluate(training, reference, classNames, fidelityPerClass, folder, null, 0, 0, TrainingJobRequested.PRECISION_FLOAT32);
    }

    /**
     * As above, plus — when {@code realTest} is given — the Fréchet distance to the real test set and,
     * when {@code tstrSamples > 0}, the TSTR accuracy of a classifier trained on that many synthetic samples.
     * With precision int8 the float32 export passes the parity check first, then its fully connected layers are
     * quantized ({@link Int8Quantization}) and every figure, the preview included, is measured on the int8 artifact.
     */
    public static VersionCandidate evaluate(GanTraining training, ReferenceClassifier reference, List<String> classNames,
                                            int fidelityPerClass, Path folder, LabelledImages realTest, int tstrSamples,
                                            int tstrEpochs, String precision) throws IOException {
        GanShape shape = training.shape();
        byte[] onnx = GeneratorOnnx.write(training);
        Files.createDirectories(folder);
        Path onnxFile = folder.resolve("model.onnx");
        Files.write(onnxFile, onnx);
        boolean int8 = TrainingJobRequested.PRECISION_INT8.equals(precision);
        float[] z = parityLatents(shape);
        int[] labels = parityLabels(shape);
        double parity;
        float[] exported = null;
        try (GeneratorSession session = new GeneratorSession(onnxFile, shape.latentSize())) {
            long[] outShape = session.outputShape(3);
            long[] expected = {3, 1, shape.height(), shape.width()};
            if (!Arrays.equals(outShape, expected)) {
                throw new CandidateRejectedException("ONNX output shape " + Arrays.toString(outShape) + " != " + Arrays.toString(expected));
            }
            parity = parity(training, session);
            if (!(parity <= PARITY_TOLERANCE)) {
                throw new CandidateRejectedException(String.format("ONNX parity check failed: max |DJL - ONNX Runtime| = %.3g > %.0e",
                        parity, PARITY_TOLERANCE));
            }
            if (int8) exported = session.generate(z, labels); // what the int8 artifact is compared with
        }
        Double quantMean = null, quantMax = null;
        if (int8) {
            try {
                onnx = Int8Quantization.quantizeGemms(onnx);
            } catch (IllegalArgumentException e) {
                throw new CandidateRejectedException("cannot quantize to int8: " + e.getMessage());
            }
            Files.write(onnxFile, onnx);
        }
        try (GeneratorSession session = new GeneratorSession(onnxFile, shape.latentSize())) {
            if (int8) {
                float[] quantized = session.generate(z, labels);
                double sum = 0, max = 0;
                for (int i = 0; i < exported.length; i++) {
                    double d = Math.abs(exported[i] - quantized[i]);
                    sum += d;
                    max = Math.max(max, d);
                }
                quantMean = sum / exported.length;
                quantMax = max;
            }
            byte[] png = grid(session, shape);
            Files.write(folder.resolve("grid.png"), png);
            Fidelity fid = labelFidelity(session, reference, shape, fidelityPerClass);
            double fidelity = fid.accuracy();
            Double fd = null, fdReal = null, tstr = null;
            if (realTest != null) {
                float[] real = realFeatures(reference, realTest);
                int n = realTest.size(), f = ReferenceClassifier.FEATURES;
                fd = FrechetDistance.between(real, n, fid.features(), fid.n(), f);
                fdReal = realVsReal(real, n, f);
                if (tstrSamples > 0) tstr = tstr(session, shape, classNames, realTest, tstrSamples, tstrEpochs);
            }
            var contract = new GeneratorContract(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT,
                    shape.latentSize(), shape.numClasses(), classNames, List.of(1, shape.height(), shape.width()), -1.0, 1.0,
                    OnnxGraphs.OPSET, int8 ? TrainingJobRequested.PRECISION_INT8 : TrainingJobRequested.PRECISION_FLOAT32);
            var metrics = new QualityMetrics(fidelity, fidelityPerClass * shape.numClasses(), reference.testAccuracy(), parity,
                    training.step(), null, null, fd, fdReal, tstr, tstr == null ? null : tstrSamples, quantMean, quantMax);
            return new VersionCandidate(onnx, png, contract, metrics, training.step(), folder);
        }
    }

    private static float[] parityLatents(GanShape shape) {
        return GanTraining.gaussian(new SplittableRandom(7), PARITY_BATCH * shape.latentSize());
    }

    private static int[] parityLabels(GanShape shape) {
        int[] labels = new int[PARITY_BATCH];
        for (int i = 0; i < labels.length; i++) labels[i] = i % shape.numClasses();
        return labels;
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

    public static byte[] grid(GeneratorSession session, GanShape shape) {
        int n = shape.numClasses() * GRID_COLUMNS;
        float[] z = GanTraining.gaussian(new SplittableRandom(GRID_SEED), n * shape.latentSize());
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i / GRID_COLUMNS;
        return SampleGrids.png(SampleGrids.pixels(session.generate(z, labels), shape.height(), shape.width()), shape.height(),
                shape.width(), GRID_COLUMNS);
    }

    record Fidelity(double accuracy, float[] features, int n) {
    }

    /**
     * Share of perClass × classes conditional samples that the reference classifier labels as requested,
     * and the samples' features in the classifier's penultimate layer.
     */
    static Fidelity labelFidelity(GeneratorSession session, ReferenceClassifier reference, GanShape shape, int perClass) {
        int total = perClass * shape.numClasses();
        SplittableRandom rnd = new SplittableRandom(11);
        int correct = 0;
        float[] features = new float[total * ReferenceClassifier.FEATURES];
        for (int start = 0; start < total; start += FIDELITY_BATCH) {
            int n = Math.min(FIDELITY_BATCH, total - start);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = (start + i) % shape.numClasses();
            float[] samples = session.generate(GanTraining.gaussian(rnd, n * shape.latentSize()), labels);
            int[] predicted = reference.classify(samples, n);
            for (int i = 0; i < n; i++) if (predicted[i] == labels[i]) correct++;
            float[] f = reference.features(samples, n);
            System.arraycopy(f, 0, features, start * ReferenceClassifier.FEATURES, f.length);
        }
        return new Fidelity((double) correct / total, features, total);
    }

    static float[] realFeatures(ReferenceClassifier reference, LabelledImages real) {
        float[] out = new float[real.size() * ReferenceClassifier.FEATURES];
        try (var m = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice(), "PyTorch")) {
            for (int start = 0; start < real.size(); start += FIDELITY_BATCH) {
                int n = Math.min(FIDELITY_BATCH, real.size() - start);
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) idx[i] = start + i;
                float[] f = reference.features(real.images(m, idx).toFloatArray(), n);
                System.arraycopy(f, 0, out, start * ReferenceClassifier.FEATURES, f.length);
            }
        }
        return out;
    }

    /**
     * The distance between two halves of the real test set, split at random with a fixed seed (not by
     * position: a set stored class by class, or with labels cycling over an even number of classes,
     * would give halves of different classes): what "as close as real data" looks like.
     */
    static double realVsReal(float[] real, int n, int f) {
        int half = n / 2;
        int[] idx = ReferenceClassifier.permutation(n, new SplittableRandom(31));
        float[] a = new float[half * f], b = new float[half * f];
        for (int i = 0; i < half; i++) {
            System.arraycopy(real, idx[i] * f, a, i * f, f);
            System.arraycopy(real, idx[half + i] * f, b, i * f, f);
        }
        return FrechetDistance.between(a, half, b, half, f);
    }

    /** Train on synthetic, test on real: a fresh classifier trained only on n balanced samples, scored on the real test set. */
    static double tstr(GeneratorSession session, GanShape shape, List<String> classNames, LabelledImages realTest, int n, int epochs) {
        var synthetic = SyntheticSamples.draw(session, shape, classNames, n / shape.numClasses(), null, 0, 23).images();
        try (ReferenceClassifier c = ReferenceClassifier.trainFresh(synthetic, realTest, epochs)) {
            return c.testAccuracy();
        }
    }

}
