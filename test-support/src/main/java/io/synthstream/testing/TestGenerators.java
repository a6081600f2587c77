package io.synthstream.testing;

import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.onnx.OnnxOps;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;

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
        var z = ctx.floatInput(OnnxGraphs.LATENT_INPUT, latent);
        var label = ctx.floatInput(OnnxGraphs.LABEL_INPUT, 1);
        var sample = ctx.floatOutput(OnnxGraphs.OUTPUT, out);
        float[] identity = new float[classes * classes];
        for (int i = 0; i < classes; i++) identity[i * classes + i] = 1f;
        var table = ctx.floatTensor("one_hot_table", List.of(classes, classes), fb -> fb.put(identity));
        var oneHot = ctx.operation(ONNXOperators.GATHER, List.of(table, label), "one_hot", Map.of("axis", 0));
        var x = ctx.operation(ONNXOperators.CONCAT, List.of(z, oneHot), "concat", Map.of("axis", 1));
        var gemm = ctx.operation(ONNXOperators.GEMM, List.of(x, OnnxGraphs.initializer(ctx, "w", new long[] {out, in}, w),
                OnnxGraphs.initializer(ctx, "b", new long[] {out}, b)), "fc", Map.of("transB", 1));
        var tanh = ctx.operation(OnnxOps.TANH, List.of(gemm), "tanh");
        var shape = ctx.array("shape", new long[] {-1, channels, height, width});
        ctx.operation(OnnxOps.RESHAPE, List.of(tanh, shape), "reshape").assignTo(sample);
        return OnnxGraphs.model(OnnxGraphs.withSignature(ctx.buildGraph(), latent, channels, height, width), "test generator");
    }
}
