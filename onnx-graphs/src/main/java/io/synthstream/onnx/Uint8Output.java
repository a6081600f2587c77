package io.synthstream.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import java.util.Optional;

/**
 * Adds a second output to a generator graph: its float output v in [-1, 1] as 8-bit grey levels,
 * round((v + 1) × 127.5) clamped to 0..255 — bit for bit {@code SampleGrids.pixel} — so ONNX Runtime
 * quantizes inside its own vectorised kernels and a generator copies out one byte per value instead of
 * four. Five elementwise passes: f = (v + 1) × 127.5 (both rounded to float32, as in Java), clamped to
 * [0, 255], plus {@link #HALF}, cast to uint8 (truncation, i.e. floor there). Every one of the 2^32 float
 * inputs gives Java's grey level on ONNX Runtime's CPU kernels (checked exhaustively, {@code GreyLevelOutputTest}).
 */
public final class Uint8Output {
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    private static final int UINT8 = OnnxMl.TensorProto.DataType.UINT8.getNumber();

    private Uint8Output() {
    }

    /** The operators used exist from this opset on (Clip with its bounds as inputs). */
    public static final int MIN_OPSET = 11;

    /**
     * What is added before the truncation: the largest float below ½, not ½. In float32, f + ½ rounds (ties to even)
     * to 1 for f = nextDown(½), whose grey level is 0; f + nextDown(½) gives 1 − 2^-24 there, and still k + 1 for
     * every f = k + ½ (f = ½ by the tie 1 − 2^-25 → 1). The exhaustive test is the proof.
     */
    static final float HALF = Math.nextDown(0.5f);

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
                .addInitializer(scalar(p + "one", 1f)).addInitializer(scalar(p + "scale", 127.5f))
                .addInitializer(scalar(p + "half", HALF)).addInitializer(scalar(p + "min", 0f)).addInitializer(scalar(p + "max", 255f));
        g.addNode(OnnxGraphs.node("Add", p + "shifted", List.of(floatOutput, p + "one"), p + "shifted"))
                .addNode(OnnxGraphs.node("Mul", p + "scaled", List.of(p + "shifted", p + "scale"), p + "scaled"))
                .addNode(OnnxGraphs.node("Clip", p + "clipped", List.of(p + "scaled", p + "min", p + "max"), p + "clipped"))
                .addNode(OnnxGraphs.node("Add", p + "half_up", List.of(p + "clipped", p + "half"), p + "half_up"))
                // float to uint8 truncates, i.e. floors [0, 256); NaN stays NaN through Clip and Add and casts to 0 as in Java
                // (x86 and ARM convert it so; the first load on a device checks that case: GreyLevelProbe)
                .addNode(OnnxGraphs.cast(uint8Output, p + "half_up", uint8Output, UINT8));
        OnnxMl.ValueInfoProto.Builder added = out.toBuilder().setName(uint8Output);
        added.getTypeBuilder().getTensorTypeBuilder().setElemType(UINT8);
        g.addOutput(added);
        return Optional.of(model.toBuilder().setGraph(g).build().toByteArray());
    }

    /** Input and output of {@link #alone()}. */
    public static final String ALONE_INPUT = "v";
    public static final String ALONE_OUTPUT = "grey";

    /**
     * The added nodes alone: {@value #ALONE_INPUT} float32 [N] → {@value #ALONE_OUTPUT} uint8 [N]. Runs the
     * rounding on values of one's choice (NaN, infinities, the rounding boundaries), which a generator never outputs
     * on purpose: how a device's grey levels are compared with Java's.
     */
    public static byte[] alone() {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("synthstream-grey-levels")
                .addNode(OnnxGraphs.node("Identity", "values", List.of(ALONE_INPUT), "values"))
                .addInput(OnnxGraphs.valueInfo(ALONE_INPUT, OnnxMl.TensorProto.DataType.FLOAT))
                .addOutput(OnnxGraphs.valueInfo("values", OnnxMl.TensorProto.DataType.FLOAT))
                .build();
        return append(OnnxGraphs.model(graph, "synthstream grey levels"), "values", ALONE_OUTPUT).orElseThrow();
    }

    private static OnnxMl.TensorProto scalar(String name, float v) {
        return OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT).addFloatData(v).build();
    }
}
