package io.synthstream.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;

/** Helpers shared by generator writers: weight initializers, the synthstream I/O signature, the model wrapper. */
public final class OnnxGraphs {
    public static final int OPSET = 17;
    public static final String LATENT_INPUT = "z";
    public static final String LABEL_INPUT = "label";
    public static final String OUTPUT = "sample";

    private OnnxGraphs() {
    }

    /** A float32 initializer (a weight tensor) of the given shape, values row-major. */
    public static ONNXInitializer initializer(ONNXContext ctx, String name, long[] shape, float[] values) {
        List<Integer> dims = new ArrayList<>();
        for (long d : shape) dims.add((int) d);
        return ctx.floatTensor(name, dims, fb -> fb.put(values));
    }

    /**
     * Rewrites the graph's signature to synthstream's contract: {@code z} float32 [N, latent],
     * {@code label} int64 [N], {@code sample} float32 [N, 1, H, W], N a dynamic dimension.
     * (Tribuo's placeholders only know float [batch, d].)
     */
    public static OnnxMl.GraphProto withSignature(OnnxMl.GraphProto graph, int latent, int height, int width) {
        return withSignature(graph, latent, 1, height, width);
    }

    /** As {@link #withSignature(OnnxMl.GraphProto, int, int, int)}, with {@code sample} float32 [N, channels, H, W] (3 for RGB). */
    public static OnnxMl.GraphProto withSignature(OnnxMl.GraphProto graph, int latent, int channels, int height, int width) {
        OnnxMl.GraphProto.Builder g = graph.toBuilder().clearInput().clearOutput();
        g.addInput(valueInfo(LATENT_INPUT, OnnxMl.TensorProto.DataType.FLOAT, latent));
        g.addInput(valueInfo(LABEL_INPUT, OnnxMl.TensorProto.DataType.INT64));
        g.addOutput(valueInfo(OUTPUT, OnnxMl.TensorProto.DataType.FLOAT, channels, height, width));
        return g.build();
    }

    /**
     * The signature of a tabular generator: {@code z} float32 [N, latent], {@code label} int64 [N] as for images,
     * {@code sample} float32 [N, width], one encoded row per sample.
     */
    public static OnnxMl.GraphProto withRowSignature(OnnxMl.GraphProto graph, int latent, int width) {
        OnnxMl.GraphProto.Builder g = graph.toBuilder().clearInput().clearOutput();
        g.addInput(valueInfo(LATENT_INPUT, OnnxMl.TensorProto.DataType.FLOAT, latent));
        g.addInput(valueInfo(LABEL_INPUT, OnnxMl.TensorProto.DataType.INT64));
        g.addOutput(valueInfo(OUTPUT, OnnxMl.TensorProto.DataType.FLOAT, width));
        return g.build();
    }

    /** A tensor [N, dims…] of the given type. */
    static OnnxMl.ValueInfoProto valueInfo(String name, OnnxMl.TensorProto.DataType type, int... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d : dims) shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    /** Input and output names of {@link #deviceProbe()}. */
    public static final String PROBE_INPUT = "x";
    public static final String PROBE_OUTPUT = "y";

    /**
     * The smallest graph that makes an execution provider do real work: {@code y = x · [[1, 2], [3, 4]]},
     * x float32 [N, 2]. The generator runs it to learn whether a GPU can serve before any artifact arrives.
     */
    public static byte[] deviceProbe() {
        OnnxMl.TensorProto w = OnnxMl.TensorProto.newBuilder().setName("w").setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .addDims(2).addDims(2).addAllFloatData(List.of(1f, 2f, 3f, 4f)).build();
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("device-probe")
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").addInput(PROBE_INPUT).addInput("w").addOutput(PROBE_OUTPUT))
                .addInitializer(w)
                .addInput(valueInfo(PROBE_INPUT, OnnxMl.TensorProto.DataType.FLOAT, 2))
                .addOutput(valueInfo(PROBE_OUTPUT, OnnxMl.TensorProto.DataType.FLOAT, 2))
                .build();
        return model(graph, "synthstream device probe");
    }

    /** @throws IllegalArgumentException when the bytes are no ONNX model */
    public static OnnxMl.ModelProto parse(byte[] onnx) {
        try {
            return OnnxMl.ModelProto.parseFrom(onnx);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
    }

    /** A node for rewriting a parsed graph (Tribuo's ONNXContext writes new graphs only). */
    public static OnnxMl.NodeProto node(String op, String name, List<String> inputs, String... outputs) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addAllOutput(List.of(outputs)).build();
    }

    /** A Cast node to the given {@link OnnxMl.TensorProto.DataType} number. */
    public static OnnxMl.NodeProto cast(String name, String input, String output, int to) {
        return node("Cast", name, List.of(input), output).toBuilder()
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(to))
                .build();
    }

    public static byte[] model(OnnxMl.GraphProto graph, String docString) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("synthstream-trainer")
                .setDomain("io.synthstream")
                .setDocString(docString)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }
}
