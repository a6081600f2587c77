package io.synthstream.trainer.export;

import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.onnx.OnnxOps;
import io.synthstream.trainer.data.tabular.OutputSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes the tabular (CTGAN-style) generator as ONNX, ending in the activations generation applies, so the graph's
 * output is what the contracts' {@code RowDecoder} reads: Gather(identity, label) is the one-hot, then
 * x = Concat(z, onehot); per residual block x = Concat(Relu(BatchNormalization(Gemm(x))), x); raw = Gemm(x); and per
 * output span Slice(raw) → Tanh (a scalar) or Softmax (a mode or category block), concatenated into
 * {@code sample} [N, width]. Batch norm is in its inference form (running statistics), as generation runs it.
 */
public final class TabularGeneratorOnnx {
    private TabularGeneratorOnnx() {
    }

    /**
     * @param generator the generator block (residual blocks, then one Linear), initialised
     * @param spans     the activation spans of an encoded row, covering [0, width)
     */
    public static byte[] export(Block generator, int latentSize, int classes, List<OutputSpan> spans, int width) {
        ONNXContext ctx = new ONNXContext();
        ctx.setName("synthstream-tabular-generator");
        ConditionalInput input = ConditionalInput.declare(ctx, latentSize, classes, width);
        ONNXRef<?> x = input.latentAndLabel();
        List<Block> children = generator.getChildren().values();
        for (int i = 0; i < children.size() - 1; i++) {
            List<Block> dense = ((ParallelBlock) children.get(i)).getChildren().values().get(0).getChildren().values();
            ONNXRef<?> h = gemm(ctx, x, (Linear) dense.get(0), "block" + i + "_fc");
            h = ConditionalDcganOnnx.batchNorm(ctx, h, (BatchNorm) dense.get(1), "block" + i + "_bn");
            h = ctx.operation(OnnxOps.RELU, List.of(h), "block" + i + "_relu");
            x = ctx.operation(ONNXOperators.CONCAT, List.of(h, x), "block" + i + "_concat", Map.of("axis", 1));
        }
        ONNXRef<?> raw = gemm(ctx, x, (Linear) children.get(children.size() - 1), "out_fc");
        List<ONNXRef<?>> parts = new ArrayList<>();
        var axes = ctx.array("span_axes", new long[] {1});
        for (int s = 0; s < spans.size(); s++) {
            OutputSpan span = spans.get(s);
            var part = ctx.operation(OnnxOps.SLICE, List.of(raw, ctx.array("span" + s + "_start", new long[] {span.start()}),
                    ctx.array("span" + s + "_end", new long[] {span.end()}), axes), "span" + s);
            parts.add(span.activation() == OutputSpan.Activation.TANH
                    ? ctx.operation(OnnxOps.TANH, List.of(part), "span" + s + "_tanh")
                    : ctx.operation(ONNXOperators.SOFTMAX, List.of(part), "span" + s + "_softmax", Map.of("axis", 1)));
        }
        ctx.operation(ONNXOperators.CONCAT, parts, "row", Map.of("axis", 1)).assignTo(input.sample());
        var graph = OnnxGraphs.withRowSignature(ctx.buildGraph(), latentSize, width);
        return OnnxGraphs.model(graph, "Tabular generator: z float32[N," + latentSize + "], label int64[N] → sample float32[N," + width
                + "], an encoded row after its activations (tanh scalars, softmax blocks), read back by the version's row encoding");
    }

    /** DJL's Linear weights are (out, in), hence transB = 1. */
    private static ONNXRef<?> gemm(ONNXContext ctx, ONNXRef<?> x, Linear layer, String name) {
        var p = layer.getParameters();
        return ctx.operation(ONNXOperators.GEMM, List.of(x, ConditionalInput.weight(ctx, name + "_weight", p.get("weight").getArray()),
                ConditionalInput.weight(ctx, name + "_bias", p.get("bias").getArray())), name, Map.of("transB", 1));
    }
}
