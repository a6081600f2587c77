package io.synthstream.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The translator packs z and labels by name and copies out the outputs asked for, on ONNX Runtime through DJL. */
class GeneratorTranslatorTest {
    private static final int LATENT = 6;
    private static final OnnxMl.TensorProto.DataType FLOAT = OnnxMl.TensorProto.DataType.FLOAT;
    private static final OnnxMl.TensorProto.DataType INT64 = OnnxMl.TensorProto.DataType.INT64;

    @TempDir
    Path dir;

    @Test
    void packsLatentsAndLabelsAndUnpacksTheValuesWithTheirShape() throws Exception {
        float[] z = latents(3);
        int[] labels = {0, 2, 7};
        try (var model = load(shift(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, false), GeneratorTranslator.standard(LATENT));
             var predictor = model.newPredictor()) {
            GeneratorOutput out = predictor.predict(GeneratorInput.values(z, labels));
            assertArrayEquals(new long[] {3, 1, 1, LATENT}, out.shape());
            assertArrayEquals(shifted(z, labels), out.values());
            assertNull(out.greyLevels(), "not asked for");
        }
    }

    /** Inputs declared label first: fed by position, z would land on the label. */
    @Test
    void namesTheInputsAsTheGraphDoes() throws Exception {
        float[] z = latents(2);
        int[] labels = {1, 3};
        var translator = new GeneratorTranslator(LATENT, "latent_in", "class_in", OnnxGraphs.OUTPUT, null);
        try (var model = load(shift("latent_in", "class_in", true), translator); var predictor = model.newPredictor()) {
            assertArrayEquals(shifted(z, labels), predictor.predict(GeneratorInput.values(z, labels)).values());
        }
    }

    @Test
    void copiesOnlyTheOutputsAskedFor() throws Exception {
        float[] z = latents(4);
        int[] labels = new int[4];
        byte[] withGrey = Uint8Output.append(shift(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, false), OnnxGraphs.OUTPUT, "grey")
                .orElseThrow();
        var translator = new GeneratorTranslator(LATENT, OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT, "grey");
        try (var model = load(withGrey, translator); var predictor = model.newPredictor()) {
            GeneratorOutput grey = predictor.predict(new GeneratorInput(z, labels, false, true));
            assertNull(grey.values());
            assertArrayEquals(new long[] {4, 1, 1, LATENT}, grey.shape());
            for (int i = 0; i < z.length; i++) {
                assertEquals((int) Math.floor((z[i] + 1f) * 127.5f + 0.5), grey.greyLevels()[i] & 0xff, "value " + z[i]);
            }
            GeneratorOutput both = predictor.predict(new GeneratorInput(z, labels, true, true));
            assertArrayEquals(z, both.values());
            assertArrayEquals(grey.greyLevels(), both.greyLevels());
        }
    }

    /** DJL wraps what a translator throws in a TranslateException. */
    @Test
    void refusesLatentsThatDoNotMatchTheLabelsAndOutputsTheGraphLacks() throws Exception {
        try (var model = load(shift(OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, false), GeneratorTranslator.standard(LATENT));
             var predictor = model.newPredictor()) {
            var tooFew = assertThrows(TranslateException.class, () -> predictor.predict(GeneratorInput.values(latents(2), new int[3])));
            assertInstanceOf(IllegalArgumentException.class, tooFew.getCause());
            var noGrey = assertThrows(TranslateException.class, () -> predictor.predict(new GeneratorInput(latents(1), new int[1], true, true)));
            assertInstanceOf(IllegalStateException.class, noGrey.getCause(), "grey levels asked of a graph without a uint8 output");
        }
    }

    private ZooModel<GeneratorInput, GeneratorOutput> load(byte[] onnx, GeneratorTranslator translator) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "generator", ".onnx"), onnx);
        return Criteria.builder().setTypes(GeneratorInput.class, GeneratorOutput.class)
                .optModelPath(file).optEngine("OnnxRuntime").optTranslator(translator).build().loadModel();
    }

    private static float[] latents(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] z = new float[n * LATENT];
        for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextDouble(-1, 1);
        return z;
    }

    private static float[] shifted(float[] z, int[] labels) {
        float[] out = z.clone();
        for (int i = 0; i < out.length; i++) out[i] += labels[i / LATENT];
        return out;
    }

    /**
     * sample [N, 1, 1, latent] = z + label: a generator graph small enough to check by hand.
     *
     * @param labelFirst declare the label input before z
     */
    private static byte[] shift(String latentInput, String labelInput, boolean labelFirst) {
        var z = OnnxGraphs.valueInfo(latentInput, FLOAT, LATENT);
        var label = OnnxGraphs.valueInfo(labelInput, INT64);
        var graph = OnnxMl.GraphProto.newBuilder().setName("shift")
                .addInitializer(int64("column", -1, 1)).addInitializer(int64("sample_shape", -1, 1, 1, LATENT))
                .addNode(OnnxGraphs.cast("label_float", labelInput, "label_float", FLOAT.getNumber()))
                .addNode(OnnxGraphs.node("Reshape", "label_column", List.of("label_float", "column"), "label_column"))
                .addNode(OnnxGraphs.node("Add", "shifted", List.of(latentInput, "label_column"), "shifted"))
                .addNode(OnnxGraphs.node("Reshape", "sample", List.of("shifted", "sample_shape"), OnnxGraphs.OUTPUT))
                .addInput(labelFirst ? label : z).addInput(labelFirst ? z : label)
                .addOutput(OnnxGraphs.valueInfo(OnnxGraphs.OUTPUT, FLOAT, 1, 1, LATENT))
                .build();
        return OnnxGraphs.model(graph, "translator test");
    }

    private static OnnxMl.TensorProto int64(String name, long... values) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(INT64.getNumber()).addDims(values.length)
                .addAllInt64Data(Arrays.stream(values).boxed().toList()).build();
    }
}
