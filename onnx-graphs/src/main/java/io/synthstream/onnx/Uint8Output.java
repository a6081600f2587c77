package io.synthstream.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Optional;

/**
 * Adds a second output to a generator graph: its float output v in [-1, 1] as 8-bit grey levels,
 * round((v + 1) × 127.5) clamped to 0..255 — bit for bit {@code SampleGrids.pixel} — so ONNX Runtime
 * quantizes inside its own vectorised kernels and a generator copies out one byte per value instead of
 * four. The rounding is written so that every step is exact in float32: with f = (v + 1) × 127.5 (both
 * rounded to float32, as in Java), floor(f + ½) = floor(f) + (f − floor(f) ≥ ½), and f − floor(f) is exact
 * wherever the clamp does not decide the result anyway.
 */
public final class Uint8Output {
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    private static final int UINT8 = OnnxMl.TensorProto.DataType.UINT8.getNumber();

    private Uint8Output() {
    }

    /** The operators used (GreaterOrEqual is the latest of them) exist from this opset on. */
    public static final int MIN_OPSET = 12;

    /**
     * @param floatOutput the graph output to quantize
     * @param uint8Output the name of the output added
     * @return the extended model, or empty when the model's opset predates {@link #MIN_OPSET} (serve it as it is)
     * @throws IllegalArgumentException when the bytes are no ONNX model or the graph has no float output of that name
     */
    public static Optional<byte[]> append(byte[] onnx, String floatOutput, String uint8Output) {
        OnnxMl.ModelProto model = OnnxGraphs.parse(onnx);
        long opset = model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OnnxMl.OperatorSetIdProto::getVersion).max().orElse(0);
        OnnxMl.ValueInfoProto out = model.getGraph().getOutputList().stream().filter(o -> o.getName().equals(floatOutput)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the graph has no output '" + floatOutput + "'"));
        if (out.getType().getTensorType().getElemType() != FLOAT) {
            throw new IllegalArgumentException("output '" + floatOutput + "' is not float32");
        }
        if (opset < MIN_OPSET) return Optional.empty();
        String p = uint8Output + "_";
        OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder()
                .addInitializer(scalar(p + "one", 1f)).addInitializer(scalar(p + "scale", 127.5f)).addInitializer(scalar(p + "half", 0.5f))
                .addInitializer(scalar(p + "min", 0f)).addInitializer(scalar(p + "max", 255f));
        g.addNode(OnnxGraphs.node("Add", p + "shifted", List.of(floatOutput, p + "one"), p + "shifted"))
                .addNode(OnnxGraphs.node("Mul", p + "scaled", List.of(p + "shifted", p + "scale"), p + "scaled"))
                // NaN becomes 0, as in Java (a cast of NaN to an integer is undefined in ONNX)
                .addNode(OnnxGraphs.node("IsNaN", p + "nan", List.of(p + "scaled"), p + "nan"))
                .addNode(OnnxGraphs.node("Where", p + "f", List.of(p + "nan", p + "min", p + "scaled"), p + "f"))
                .addNode(OnnxGraphs.node("Floor", p + "floor", List.of(p + "f"), p + "floor"))
                .addNode(OnnxGraphs.node("Sub", p + "fraction", List.of(p + "f", p + "floor"), p + "fraction"))
                .addNode(OnnxGraphs.node("GreaterOrEqual", p + "up", List.of(p + "fraction", p + "half"), p + "up"))
                .addNode(OnnxGraphs.cast(p + "up_float", p + "up", p + "up_float", FLOAT))
                .addNode(OnnxGraphs.node("Add", p + "rounded", List.of(p + "floor", p + "up_float"), p + "rounded"))
                .addNode(OnnxGraphs.node("Clip", p + "clipped", List.of(p + "rounded", p + "min", p + "max"), p + "clipped"))
                .addNode(OnnxGraphs.cast(uint8Output, p + "clipped", uint8Output, UINT8));
        OnnxMl.ValueInfoProto.Builder added = out.toBuilder().setName(uint8Output);
        added.getTypeBuilder().getTensorTypeBuilder().setElemType(UINT8);
        g.addOutput(added);
        return Optional.of(model.toBuilder().setGraph(g).build().toByteArray());
    }

    private static OnnxMl.TensorProto scalar(String name, float v) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT).addFloatData(v).build();
    }
}
