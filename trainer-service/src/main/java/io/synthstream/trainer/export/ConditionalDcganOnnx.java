package io.synthstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.onnx.OnnxOps;
import io.synthstream.trainer.gan.ConditionalDcgan;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.PhaseShuffleUpsampling;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes the conditional DCGAN generator as ONNX: Gather(identity, label) → Concat(z, onehot) → Gemm
 * → Reshape [N, 128, H/4, W/4] → BatchNormalization → Relu → ConvTranspose → BatchNormalization →
 * Relu → ConvTranspose(+bias) → Tanh. Batch norm is written in its inference form (running
 * statistics), the form the generator serves in.
 */
public final class ConditionalDcganOnnx {
    /** DJL's BatchNorm default; DJL keeps it private. */
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private ConditionalDcganOnnx() {
    }

    public static byte[] export(Block generator, GanShape shape) {
        List<Block> children = generator.getChildren().values();
        Linear fc = only(children, Linear.class).get(0);
        List<BatchNorm> norms = only(children, BatchNorm.class);
        List<PhaseShuffleUpsampling> ups = only(children, PhaseShuffleUpsampling.class);

        ONNXContext ctx = new ONNXContext();
        ctx.setName("synthstream-conditional-dcgan-generator");
        ConditionalInput input = ConditionalInput.declare(ctx, shape);
        ONNXRef<?> x = input.latentAndLabel();
        x = ctx.operation(ONNXOperators.GEMM, List.of(x, ConditionalInput.weight(ctx, "fc_weight", fc.getParameters().get("weight").getArray()),
                ConditionalInput.weight(ctx, "fc_bias", fc.getParameters().get("bias").getArray())), "fc", Map.of("transB", 1));
        var grid = ctx.array("grid_shape", new long[] {-1, ConditionalDcgan.BASE_CHANNELS, shape.height() / 4, shape.width() / 4});
        x = ctx.operation(OnnxOps.RESHAPE, List.of(x, grid), "to_grid");
        for (int i = 0; i < ups.size(); i++) {
            if (i < norms.size()) {
                x = batchNorm(ctx, x, norms.get(i), "bn" + i);
                x = ctx.operation(OnnxOps.RELU, List.of(x), "relu" + i);
            }
            x = transposedConv(ctx, x, ups.get(i), "up" + i);
        }
        ctx.operation(OnnxOps.TANH, List.of(x), "tanh").assignTo(input.sample());
        var graph = OnnxGraphs.withSignature(ctx.buildGraph(), shape.latentSize(), shape.channels(), shape.height(), shape.width());
        return OnnxGraphs.model(graph, "Conditional DCGAN generator: z float32[N," + shape.latentSize() + "], label int64[N] → sample float32[N," + shape.channels() + ","
                + shape.height() + "," + shape.width() + "] in [-1, 1]");
    }

    /** Batch norm in its inference form: DJL's gamma, beta and running statistics as initializers. */
    static ONNXRef<?> batchNorm(ONNXContext ctx, ONNXRef<?> x, BatchNorm bn, String name) {
        var p = bn.getParameters();
        List<ONNXRef<?>> inputs = List.of(x, ConditionalInput.weight(ctx, name + "_gamma", p.get("gamma").getArray()),
                ConditionalInput.weight(ctx, name + "_beta", p.get("beta").getArray()), ConditionalInput.weight(ctx, name + "_mean", p.get("runningMean").getArray()),
                ConditionalInput.weight(ctx, name + "_var", p.get("runningVar").getArray()));
        return ctx.operation(OnnxOps.BATCH_NORMALIZATION, inputs, name, Map.of("epsilon", BATCH_NORM_EPSILON));
    }

    /** The phase kernel K [4·F, C_in, 2, 2] rearranged into ConvTranspose's W [C_in, F, 4, 4]. */
    private static ONNXRef<?> transposedConv(ONNXContext ctx, ONNXRef<?> x, PhaseShuffleUpsampling up, String name) {
        NDArray kernel = up.phaseKernel();
        long[] ks = kernel.getShape().getShape();
        int f = up.filters(), cin = (int) ks[1];
        float[] k = kernel.toFloatArray();
        float[] w = new float[cin * f * 16];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int co = 0; co < f; co++) {
                    for (int ci = 0; ci < cin; ci++) {
                        for (int r = 0; r < 2; r++) {
                            for (int s = 0; s < 2; s++) {
                                int kIndex = ((((2 * a + b) * f + co) * cin + ci) * 2 + r) * 2 + s;
                                int wIndex = ((ci * f + co) * 4 + (3 - (a + 2 * r))) * 4 + (3 - (b + 2 * s));
                                w[wIndex] = k[kIndex];
                            }
                        }
                    }
                }
            }
        }
        List<ONNXRef<?>> inputs = new ArrayList<>(List.of(x, OnnxGraphs.initializer(ctx, name + "_weight", new long[] {cin, f, 4, 4}, w)));
        if (up.biasOrNull() != null) inputs.add(ConditionalInput.weight(ctx, name + "_bias", up.biasOrNull()));
        return ctx.operation(OnnxOps.CONV_TRANSPOSE, inputs, name,
                Map.of("kernel_shape", new int[] {4, 4}, "strides", new int[] {2, 2}, "pads", new int[] {1, 1, 1, 1}));
    }

    private static <T> List<T> only(List<Block> blocks, Class<T> type) {
        return blocks.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
