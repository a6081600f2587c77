package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.export.ExportedGenerator;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The evaluation stage: turns an exported generator into a candidate version by measuring the file to be published,
 * as ONNX Runtime runs it: the preview grid, label fidelity, the Fréchet distance to the real test set and — when
 * {@code tstrSamples > 0} — the TSTR accuracy of a classifier trained on that many synthetic samples.
 */
public final class VersionEvaluator {
    /** Fixed latents for the preview grid, so grids of successive versions are comparable. */
    public static final long GRID_SEED = 20261122L;
    public static final int GRID_COLUMNS = 10;
    private static final int FIDELITY_BATCH = 1000;

    private final ReferenceClassifier reference;
    private final List<String> classNames;
    private final LabelledImages realTest;
    private final int tstrSamples;
    private final int tstrEpochs;

    /** @param data the job's data: its class names, and its test set as the real images the samples are compared with */
    public VersionEvaluator(ReferenceClassifier reference, DatasetCatalog.Split data, int tstrSamples, int tstrEpochs) {
        this.reference = reference;
        this.classNames = data.train().classNames();
        this.realTest = data.test();
        this.tstrSamples = tstrSamples;
        this.tstrEpochs = tstrEpochs;
    }

    /** @param fidelityPerClass samples per class the reference classifier labels for the label fidelity */
    public VersionCandidate evaluate(ExportedGenerator generator, int fidelityPerClass) throws IOException {
        GanShape shape = generator.shape();
        try (GeneratorSession session = generator.open()) {
            byte[] png = grid(session, shape);
            Files.write(generator.folder().resolve("grid.png"), png);
            Fidelity fid = labelFidelity(session, reference, shape, fidelityPerClass);
            float[] real = realFeatures(reference, realTest);
            int n = realTest.size(), f = ReferenceClassifier.FEATURES;
            double fd = FrechetDistance.between(real, n, fid.features(), fid.n(), f);
            double fdReal = realVsReal(real, n, f);
            Double tstr = tstrSamples > 0 ? tstr(session, shape, classNames, realTest, tstrSamples, tstrEpochs) : null;
            var metrics = new QualityMetrics(fid.accuracy(), fidelityPerClass * shape.numClasses(), reference.testAccuracy(),
                    generator.parityMaxAbsDiff(), generator.step(), null, null, fd, fdReal, tstr, tstr == null ? null : tstrSamples,
                    generator.quantizationMeanAbsDiff(), generator.quantizationMaxAbsDiff());
            return new VersionCandidate(generator.onnx(), png, generator.contract(classNames), metrics, generator.step(), generator.folder());
        }
    }

    public static byte[] grid(GeneratorSession session, GanShape shape) {
        int n = shape.numClasses() * GRID_COLUMNS;
        float[] z = GanTraining.gaussian(new SplittableRandom(GRID_SEED), n * shape.latentSize());
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i / GRID_COLUMNS;
        // in colour for RGB generators: the planes of each sample are its red, green and blue
        return SampleGrids.png(SampleGrids.pixels(session.generate(z, labels), shape.channels(), shape.height(), shape.width()),
                shape.channels(), shape.height(), shape.width(), GRID_COLUMNS);
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
