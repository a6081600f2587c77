package io.synthstream.trainer.export;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.onnx.OnnxOps;
import io.synthstream.trainer.gan.GanArchitecture.ConditionalMlp;
import io.synthstream.trainer.gan.GanShape;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXRef;

/**
 * Writes the conditional MLP generator as ONNX: Gather(identity, label) is the one-hot, then
 * Concat(z, onehot) → Gemm/LeakyRelu ×2 → Gemm → Tanh → Reshape [N, C, H, W] (C = 1 grey, 3 RGB).
 * DJL's Linear weights are (out, in), hence Gemm's transB = 1.
 */
public final class ConditionalMlpOnnx {
    private ConditionalMlpOnnx() {
    }

    public static byte[] export(Block generator, GanShape shape) {
        ONNXContext ctx = new ONNXContext();
        ctx.setName("synthstream-conditional-mlp-generator");
        ConditionalInput input = ConditionalInput.declare(ctx, shape);
        ONNXRef<?> x = input.latentAndLabel();

        List<Linear> layers = generator.getChildren().values().stream()
                .filter(Linear.class::isInstance).map(Linear.class::cast).toList();
        for (int i = 0; i < layers.size(); i++) {
            Linear layer = layers.get(i);
            var w = ConditionalInput.weight(ctx, "fc" + i + "_weight", layer.getParameters().get("weight").getArray());
            var b = ConditionalInput.weight(ctx, "fc" + i + "_bias", layer.getParameters().get("bias").getArray());
            x = ctx.operation(ONNXOperators.GEMM, List.of(x, w, b), "fc" + i, Map.of("transB", 1));
            x = i < layers.size() - 1
                    ? ctx.operation(OnnxOps.LEAKY_RELU, List.of(x), "act" + i, Map.of("alpha", ConditionalMlp.LEAK))
                    : ctx.operation(OnnxOps.TANH, List.of(x), "tanh");
        }
        var targetShape = ctx.array("sample_shape", new long[] {-1, shape.channels(), shape.height(), shape.width()});
        ONNXNode reshaped = ctx.operation(OnnxOps.RESHAPE, List.of(x, targetShape), "to_image");
        reshaped.assignTo(input.sample());
        var graph = OnnxGraphs.withSignature(ctx.buildGraph(), shape.latentSize(), shape.channels(), shape.height(), shape.width());
        return OnnxGraphs.model(graph, "Conditional MLP generator: z float32[N," + shape.latentSize() + "], label int64[N] → sample float32[N," + shape.channels() + ","
                + shape.height() + "," + shape.width() + "] in [-1, 1]");
    }
}
