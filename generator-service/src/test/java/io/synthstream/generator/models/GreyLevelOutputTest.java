package io.synthstream.generator.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.onnx.Uint8Output;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The grey levels ONNX Runtime computes for the generator are SampleGrids.pixel's, bit for bit. */
class GreyLevelOutputTest {
    @Test
    void theGraphRoundsTheValuesNearEachBoundaryAsTheDocumentedRuleDoes() throws Exception {
        try (var grey = new GreyLevels()) {
            assertEquals("", grey.mismatches(values()));
        }
    }

    /** All 2^32 float bit patterns (NaNs, infinities, subnormals included), in chunks: ~30 s on 2 cores. */
    @Test
    void theGraphRoundsEveryFloatAsTheDocumentedRuleDoes() throws Exception {
        int chunk = 1 << 24;
        float[] v = new float[chunk];
        try (var grey = new GreyLevels()) {
            for (long start = 0; start < (1L << 32); start += chunk) {
                for (int i = 0; i < chunk; i++) v[i] = Float.intBitsToFloat((int) (start + i));
                assertEquals("", grey.mismatches(v), "bit patterns from " + Long.toHexString(start));
            }
        }
    }

    /** The appended output on ONNX Runtime's CPU, as a generator runs it, beside the Java rule. */
    private static final class GreyLevels implements AutoCloseable {
        private final OrtEnvironment env;
        private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        private final OrtSession session;

        GreyLevels() throws Exception {
            Engine.getEngine(GeneratorLoader.ENGINE); // DJL creates the process's one OrtEnvironment, or fails later if one exists
            env = OrtEnvironment.getEnvironment();
            session = env.createSession(Uint8Output.alone(), options);
        }

        String mismatches(float[] v) throws Exception {
            return GreyLevelProbe.mismatches(env, session, v);
        }

        @Override
        public void close() throws Exception {
            session.close();
            options.close();
        }
    }

    @Test
    void theLoadTimeProbeCoversNaNInfinitiesAndEveryBoundaryAndPassesOnTheCpu() throws Exception {
        float[] probe = GreyLevelProbe.values();
        assertTrue(Float.isNaN(probe[0]) && Float.isInfinite(probe[2]) && Float.isInfinite(probe[3]), "specials first");
        // the one float that adding ½ itself rounds wrongly (docs/operations.md) is among the boundary neighbours
        float wrongWithHalf = Float.intBitsToFloat(0xbf7efeff);
        boolean covered = false;
        for (float v : probe) covered |= Float.floatToRawIntBits(v) == Float.floatToRawIntBits(wrongWithHalf);
        assertTrue(covered, "nextDown(½) case probed");
        try (var grey = new GreyLevels(); var options = new OrtSession.SessionOptions()) {
            assertEquals("", grey.mismatches(probe));
            assertTrue(GreyLevelProbe.matchesJava(options, "cpu()"));
        }
    }

    @Test
    void anOutputThatIsNotThereIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Uint8Output.append(identity(), "samples", "grey"));
        assertTrue(e.getMessage().contains("no output 'samples'"), e.getMessage());
    }

    @Test
    void aModelOlderThanTheOperatorsIsLeftAsItIs() throws Exception {
        var old = OnnxMl.ModelProto.parseFrom(identity()).toBuilder().clearOpsetImport()
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(Uint8Output.MIN_OPSET - 1)).build();
        assertTrue(Uint8Output.append(old.toByteArray(), "sample", "grey").isEmpty());
    }

    /** Every float within 2048 steps of each rounding boundary, specials, random values. */
    private static float[] values() {
        FloatBuffer b = FloatBuffer.allocate(257 * 4097 + 20 + 1_000_000);
        b.put(GreyLevelProbe.boundaries(2048));
        b.put(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1.0039216f, -1.0039216f, 0.99999994f, -0.99999994f, 255f, 256f, -2f, 2f});
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1_000_000; i++) b.put((float) r.nextDouble(-1.02, 1.02));
        return b.array();
    }

    /** x float32 [N] → sample (Identity). */
    private static byte[] identity() {
        var type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setShape(OnnxMl.TensorShapeProto.newBuilder().addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))));
        var graph = OnnxMl.GraphProto.newBuilder().setName("identity")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("sample"))
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(type))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("sample").setType(type)).build();
        return OnnxGraphs.model(graph, "identity");
    }
}
