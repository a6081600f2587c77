package io.synthstream.trainer.export;

import ai.djl.ndarray.NDArray;
import io.synthstream.onnx.OnnxGraphs;
import io.synthstream.trainer.gan.GanShape;
import java.util.List;
import java.util.Map;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The start every conditional generator graph shares: inputs {@code z} and {@code label}, output
 * {@code sample}, and Concat(z, Gather(identity, label)) — the one-hot the networks were trained on.
 */
record ConditionalInput(ONNXRef<?> latentAndLabel, ONNXPlaceholder sample) {

    static ConditionalInput declare(ONNXContext ctx, GanShape shape) {
        return declare(ctx, shape.latentSize(), shape.numClasses(), shape.pixels());
    }

    /** @param outputWidth floats per sample (an image's pixels, a tabular row's encoded width) */
    static ConditionalInput declare(ONNXContext ctx, int latentSize, int classes, int outputWidth) {
        ONNXPlaceholder z = ctx.floatInput(OnnxGraphs.LATENT_INPUT, latentSize);
        ONNXPlaceholder label = ctx.floatInput(OnnxGraphs.LABEL_INPUT, 1);
        ONNXPlaceholder sample = ctx.floatOutput(OnnxGraphs.OUTPUT, outputWidth);
        int c = classes;
        float[] identity = new float[c * c];
        for (int i = 0; i < c; i++) identity[i * c + i] = 1f;
        var table = ctx.floatTensor("class_one_hot", List.of(c, c), fb -> fb.put(identity));
        var oneHot = ctx.operation(ONNXOperators.GATHER, List.of(table, label), "one_hot", Map.of("axis", 0));
        return new ConditionalInput(ctx.operation(ONNXOperators.CONCAT, List.of(z, oneHot), "latent_and_label", Map.of("axis", 1)), sample);
    }

    /** A trained DJL parameter as a float32 initializer of the same shape. */
    static ONNXInitializer weight(ONNXContext ctx, String name, NDArray array) {
        return OnnxGraphs.initializer(ctx, name, array.getShape().getShape(), array.toFloatArray());
    }
}
