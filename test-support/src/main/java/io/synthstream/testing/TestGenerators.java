package io.synthstream.testing;

import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.onnx.OnnxOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Small real ONNX generators with synthstream's contract (z float32 [N, latent], label int64 [N] →
 * sample float32 [N, C, H, W] in [-1, 1]; C = 1 unless asked for 3, RGB) for testing the serving path without training:
 * sample = tanh(W·[z ‖ onehot(label)] + offset). Different offsets tell versions apart.
 */
public final class TestGenerators {
    private TestGenerators() {
    }

    public static byte[] linearTanh(int latent, int classes, int height, int width, long seed, float offset) {
        return linearTanh(latent, classes, 1, height, width, seed, offset);
    }

    /** A generator of {@code channels}-channel samples (3: RGB). */
    public static byte[] linearTanh(int latent, int classes, int channels, int height, int width, long seed, float offset) {
        int in = latent + classes, out = channels * height * width;
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() * 0.3);
        float[] b = new float[out];
        java.util.Arrays.fill(b, offset);
        ONNXContext ctx = new ONNXContext();
        var sample = ctx.floatOutput(OnnxGraphs.OUTPUT, out);
        var x = latentAndOneHotLabel(ctx, latent, classes);
        var gemm = ctx.operation(ONNXOperators.GEMM, List.of(x, OnnxGraphs.initializer(ctx, "w", new long[] {out, in}, w),
                OnnxGraphs.initializer(ctx, "b", new long[] {out}, b)), "fc", Map.of("transB", 1));
        var tanh = ctx.operation(OnnxOps.TANH, List.of(gemm), "tanh");
        var shape = ctx.array("shape", new long[] {-1, channels, height, width});
        ctx.operation(OnnxOps.RESHAPE, List.of(tanh, shape), "reshape").assignTo(sample);
        return OnnxGraphs.model(OnnxGraphs.withSignature(ctx.buildGraph(), latent, channels, height, width), "test generator");
    }

    /**
     * A tabular generator whose output row [N, encoding.width()] the encoding decodes, as a trained one ends: raw =
     * W·[z ‖ onehot(label)], then per span Tanh (a column's scalar) or Softmax (a mode or category block), concatenated.
     */
    public static byte[] linearRows(int latent, int classes, RowEncoding encoding, long seed) {
        int in = latent + classes, out = encoding.width();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() * 0.8);
        ONNXContext ctx = new ONNXContext();
        var sample = ctx.floatOutput(OnnxGraphs.OUTPUT, out);
        var x = latentAndOneHotLabel(ctx, latent, classes);
        var raw = ctx.operation(ONNXOperators.GEMM, List.of(x, OnnxGraphs.initializer(ctx, "w", new long[] {out, in}, w),
                OnnxGraphs.initializer(ctx, "b", new long[] {out}, new float[out])), "fc", Map.of("transB", 1));
        List<ONNXRef<?>> parts = new ArrayList<>();
        var axes = ctx.array("span_axes", new long[] {1});
        int start = 0, s = 0;
        for (ColumnDecoding d : encoding.columns()) {
            boolean scalar = !(d instanceof ColumnDecoding.OneHot);
            if (scalar) parts.add(ctx.operation(OnnxOps.TANH, List.of(span(ctx, raw, axes, s++, start, start + 1)), "tanh" + s));
            int block = scalar ? d.width() - 1 : d.width(), from = start + (scalar ? 1 : 0);
            if (block > 0) {
                parts.add(ctx.operation(ONNXOperators.SOFTMAX, List.of(span(ctx, raw, axes, s++, from, from + block)), "softmax" + s,
                        Map.of("axis", 1)));
            }
            start += d.width();
        }
        ctx.operation(ONNXOperators.CONCAT, parts, "row", Map.of("axis", 1)).assignTo(sample);
        return OnnxGraphs.model(OnnxGraphs.withRowSignature(ctx.buildGraph(), latent, out), "test tabular generator");
    }

    private static ONNXRef<?> span(ONNXContext ctx, ONNXRef<?> raw, ONNXRef<?> axes, int s, int start, int end) {
        return ctx.operation(OnnxOps.SLICE, List.of(raw, ctx.array("span" + s + "_start", new long[] {start}),
                ctx.array("span" + s + "_end", new long[] {end}), axes), "span" + s);
    }

    /** [z ‖ onehot(label)] from the graph's z and label inputs, as the conditional generators take them. */
    private static ONNXRef<?> latentAndOneHotLabel(ONNXContext ctx, int latent, int classes) {
        var z = ctx.floatInput(OnnxGraphs.LATENT_INPUT, latent);
        var label = ctx.floatInput(OnnxGraphs.LABEL_INPUT, 1);
        float[] identity = new float[classes * classes];
        for (int i = 0; i < classes; i++) identity[i * classes + i] = 1f;
        var table = ctx.floatTensor("one_hot_table", List.of(classes, classes), fb -> fb.put(identity));
        var oneHot = ctx.operation(ONNXOperators.GATHER, List.of(table, label), "one_hot", Map.of("axis", 0));
        return ctx.operation(ONNXOperators.CONCAT, List.of(z, oneHot), "concat", Map.of("axis", 1));
    }
}