package io.synthstream.trainer.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.onnx.Int8Quantization;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.testing.SyntheticMnist;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.evaluation.ReferenceClassifier;
import io.synthstream.trainer.evaluation.VersionEvaluator;
import io.synthstream.trainer.export.GeneratorExport;
import io.synthstream.trainer.export.GeneratorOnnx;
import io.synthstream.trainer.export.GeneratorSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GanTrainingTest {
    @TempDir
    static Path tmp;
    static DatasetCatalog.Split data;
    static final GanShape SHAPE = new GanShape(16, 10, 28, 28);

    @BeforeAll
    static void data() throws Exception {
        DjlRuntime.configure(null);
        // 400 test images: the real-vs-real Fréchet distance compares halves of 200, more than the 128 feature dimensions
        data = new DatasetCatalog(SyntheticMnist.write(tmp.resolve("data"), 40, 40)).load("mnist");
    }

    static TrainingJobRequested job(long seed, String arch) {
        return new TrainingJobRequested("t", "mnist", arch, null, 40, 32, null, null, SHAPE.latentSize(), seed, null, null, 10, null)
                .withDefaults();
    }

    static GanTraining training(long seed) {
        return training(seed, TrainingJobRequested.ARCH_CONDITIONAL_MLP);
    }

    static GanTraining training(long seed, String arch) {
        return new GanTraining(GanArchitecture.named(arch), SHAPE, job(seed, arch), data.train());
    }

    static float[] losses(GanTraining t, int steps) {
        float[] out = new float[2 * steps];
        for (int i = 0; i < steps; i++) {
            var l = t.trainStep();
            out[2 * i] = l.discriminatorLoss();
            out[2 * i + 1] = l.generatorLoss();
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameLosses() {
        float[] a, b, c;
        try (GanTraining t = training(3)) {
            a = losses(t, 8);
        }
        try (GanTraining t = training(3)) {
            b = losses(t, 8);
        }
        try (GanTraining t = training(4)) {
            c = losses(t, 8);
        }
        assertArrayEquals(a, b);
        assertTrue(a[0] != c[0] || a[1] != c[1], "another seed should train differently");
    }

    @ParameterizedTest
    @ValueSource(strings = {TrainingJobRequested.ARCH_CONDITIONAL_MLP, TrainingJobRequested.ARCH_CONDITIONAL_DCGAN})
    void theHingeLossWithDiffAugmentTrainsReproduciblyAndDiffersFromTheDefault(String arch) {
        var hinge = new TrainingJobRequested("t", "mnist", arch, null, 40, 32, null, null, SHAPE.latentSize(), 5L, null, null, 10, null, null,
                null, TrainingJobRequested.LOSS_HINGE, true, null).withDefaults();
        float[] a, b, bce;
        try (GanTraining t = new GanTraining(GanArchitecture.named(arch), SHAPE, hinge, data.train())) {
            a = losses(t, 6);
        }
        try (GanTraining t = new GanTraining(GanArchitecture.named(arch), SHAPE, hinge, data.train())) {
            b = losses(t, 6);
        }
        try (GanTraining t = training(5, arch)) {
            bce = losses(t, 6);
        }
        assertArrayEquals(a, b, "the augmentations are drawn from the step's seeded generator");
        for (float v : a) assertTrue(Float.isFinite(v));
        // hinge: D's loss starts near 2 (both terms near 1 for logits near 0), G's near 0; BCE's near 2 ln 2 and ln 2
        assertEquals(2.0, a[0], 0.5, "hinge D loss at the first step");
        assertTrue(Math.abs(a[0] - bce[0]) > 1e-3, "another loss");
    }

    @ParameterizedTest
    @ValueSource(strings = {TrainingJobRequested.ARCH_CONDITIONAL_MLP, TrainingJobRequested.ARCH_CONDITIONAL_DCGAN})
    void resumedTrainingTakesTheSameStepsAsAnUninterruptedOne(String arch) throws Exception {
        float[] whole, wholeSamples;
        float[] z = new float[4 * SHAPE.latentSize()];
        java.util.Arrays.fill(z, 0.3f);
        int[] labels = {0, 3, 7, 9};
        try (GanTraining t = training(9, arch)) {
            whole = losses(t, 12);
            wholeSamples = t.generate(z, labels);
        }
        Path ckpt = Files.createDirectories(tmp.resolve("ckpt-" + arch));
        float[] first, second;
        try (GanTraining t = training(9, arch)) {
            first = losses(t, 6);
            t.save(ckpt);
        }
        try (GanTraining t = training(9, arch)) {
            losses(t, 3); // move weights and Adam state away from the checkpoint: restoring must overwrite both
            t.restore(ckpt, 6);
            assertEquals(6, t.step());
            second = losses(t, 6);
            // the averaged generator, what versions are made of, is restored too
            assertArrayEquals(wholeSamples, t.generate(z, labels), 1e-4f, arch + " averaged generator");
        }
        float[] joined = new float[24];
        System.arraycopy(first, 0, joined, 0, 12);
        System.arraycopy(second, 0, joined, 12, 12);
        // the restored Adam moments (and, for the DCGAN, batch-norm statistics) matter: without them step 7 would differ
        for (int i = 0; i < 24; i++) assertEquals(whole[i], joined[i], 1e-4, arch + " loss " + i);
    }

    @ParameterizedTest
    @ValueSource(strings = {TrainingJobRequested.ARCH_CONDITIONAL_MLP, TrainingJobRequested.ARCH_CONDITIONAL_DCGAN})
    void exportedOnnxMatchesTheDjlForwardAndHasTheAnnouncedShape(String arch) throws Exception {
        try (GanTraining t = training(5, arch)) {
            losses(t, 5);
            byte[] onnx = GeneratorOnnx.write(t);
            Path file = tmp.resolve(arch + ".onnx");
            Files.write(file, onnx);
            try (GeneratorSession s = new GeneratorSession(file, SHAPE.latentSize())) {
                assertArrayEquals(new long[] {7, 1, 28, 28}, s.outputShape(7));
                assertArrayEquals(new long[] {1, 1, 28, 28}, s.outputShape(1));
                double diff = GeneratorExport.parity(t, s);
                assertTrue(diff <= GeneratorExport.PARITY_TOLERANCE, "max abs diff " + diff);
                float[] out = s.generate(new float[2 * SHAPE.latentSize()], new int[] {0, 9});
                for (float v : out) assertTrue(v >= -1 && v <= 1);
            }
        }
    }

    @Test
    void evaluationProducesACheckedCandidate() throws Exception {
        LabelledImages train = data.train();
        try (GanTraining t = training(6);
             ReferenceClassifier ref = ReferenceClassifier.loadOrTrain(tmp.resolve("ref"), "mnist", train, data.test(), 2, s -> { })) {
            assertTrue(ref.testAccuracy() > 0.9, "the synthetic bars are easy: " + ref.testAccuracy());
            losses(t, 10);
            var exported = GeneratorExport.export(t, tmp.resolve("cand"), TrainingJobRequested.PRECISION_FLOAT32);
            var c = new VersionEvaluator(ref, data, 100, 1).evaluate(exported, 30);
            assertTrue(c.metrics().frechetDistance() > 0, "untrained samples are far from real ones");
            assertTrue(c.metrics().frechetDistanceRealVsReal() >= 0
                    && c.metrics().frechetDistanceRealVsReal() < c.metrics().frechetDistance(), c.metrics().toString());
            assertTrue(c.metrics().tstrAccuracy() >= 0 && c.metrics().tstrAccuracy() <= 1);
            assertEquals(100, c.metrics().tstrSamples());
            assertEquals(300, c.metrics().fidelitySamples());
            assertTrue(c.metrics().labelFidelity() >= 0 && c.metrics().labelFidelity() <= 1);
            assertEquals(List.of(1, 28, 28), c.contract().sampleShape());
            assertEquals(TrainingJobRequested.PRECISION_FLOAT32, c.contract().precision());
            assertNull(c.metrics().quantizationMeanAbsDiff());
            assertTrue(Files.size(tmp.resolve("cand/grid.png")) > 100);
            assertEquals((byte) 0x89, c.previewPng()[0]); // PNG signature
            assertEquals('P', c.previewPng()[1]);
            // the cached classifier is reused, with its accuracy
            try (var again = ReferenceClassifier.loadOrTrain(tmp.resolve("ref"), "mnist", train, data.test(), 2, s -> { })) {
                assertEquals(ref.testAccuracy(), again.testAccuracy());
            }
        }
    }

    @Test
    void anInt8CandidateIsQuantizedAfterTheParityCheckAndMeasuredAsPublished() throws Exception {
        LabelledImages train = data.train();
        try (GanTraining t = training(6);
             ReferenceClassifier ref = ReferenceClassifier.loadOrTrain(tmp.resolve("ref8"), "mnist", train, data.test(), 2, s -> { })) {
            losses(t, 10);
            var exported = GeneratorExport.export(t, tmp.resolve("cand8"), TrainingJobRequested.PRECISION_INT8);
            var c = new VersionEvaluator(ref, data, 0, 0).evaluate(exported, 30);
            assertEquals(TrainingJobRequested.PRECISION_INT8, c.contract().precision());
            assertTrue(c.metrics().onnxParityMaxAbsDiff() <= GeneratorExport.PARITY_TOLERANCE, "the float32 export is checked first");
            double mean = c.metrics().quantizationMeanAbsDiff(), max = c.metrics().quantizationMaxAbsDiff();
            assertTrue(mean > 0 && mean < 0.02 && max >= mean && max < 0.5, "int8 vs float32: mean " + mean + ", max " + max);
            var graph = OnnxMl.ModelProto.parseFrom(c.onnx()).getGraph();
            List<String> ops = graph.getNodeList().stream().map(OnnxMl.NodeProto::getOpType).toList();
            assertFalse(ops.contains("Gemm"), ops.toString());
            assertEquals(3, ops.stream().filter("MatMulInteger"::equals).count(), ops.toString());
            assertTrue(graph.getInitializerList().stream().noneMatch(w -> w.getName().endsWith("_weight")
                    && w.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()), "the float32 weights are dropped");
            assertArrayEquals(c.onnx(), Files.readAllBytes(tmp.resolve("cand8").resolve(GeneratorExport.ONNX_FILE)), "the folder keeps the published artifact");
            // the artifact keeps the contract's interface and range
            try (GeneratorSession s = new GeneratorSession(tmp.resolve("cand8").resolve(GeneratorExport.ONNX_FILE), SHAPE.latentSize())) {
                assertArrayEquals(new long[] {5, 1, 28, 28}, s.outputShape(5));
                for (float v : s.generate(new float[2 * SHAPE.latentSize()], new int[] {0, 9})) assertTrue(v >= -1 && v <= 1);
            }
            assertTrue(c.metrics().labelFidelity() >= 0 && c.metrics().labelFidelity() <= 1);
        }
    }

    @Test
    void int8QuantizationRefusesWhatItCannotRewrite() {
        var notOnnx = assertThrows(IllegalArgumentException.class, () -> Int8Quantization.quantizeGemms(new byte[] {1, 2, 3}));
        assertTrue(notOnnx.getMessage().contains("not an ONNX model"), notOnnx.getMessage());
        var noGemm = assertThrows(IllegalArgumentException.class, () -> Int8Quantization.quantizeGemms(OnnxGraphs.deviceProbe()));
        assertTrue(noGemm.getMessage().contains("no Gemm"), noGemm.getMessage());
    }
}
