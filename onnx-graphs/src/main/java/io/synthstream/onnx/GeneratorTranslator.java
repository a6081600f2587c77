package io.synthstream.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * The tensors of a conditional generator graph, packed in one place for the trainer's checks and the generator
 * service: {@link GeneratorInput} → latent float32 [n, latent] and label int64 [n], named as the graph names them
 * (ONNX Runtime then matches them by name, not by position); the outputs → {@link GeneratorOutput}, copying only
 * what is asked for. An input is a whole batch already, hence no batchifier. The arrays live in the predictor's
 * per-call manager, which DJL closes after each call.
 */
public final class GeneratorTranslator implements NoBatchifyTranslator<GeneratorInput, GeneratorOutput> {
    private static final String ASKED = "synthstream-generator-input";

    private final int latentSize;
    private final String latentInput;
    private final String labelInput;
    private final String valuesOutput;
    private final String greyLevelsOutput;

    /** @param greyLevelsOutput the graph's uint8 output ({@link Uint8Output#append}), or null when it has none */
    public GeneratorTranslator(int latentSize, String latentInput, String labelInput, String valuesOutput, String greyLevelsOutput) {
        this.latentSize = latentSize;
        this.latentInput = latentInput;
        this.labelInput = labelInput;
        this.valuesOutput = valuesOutput;
        this.greyLevelsOutput = greyLevelsOutput;
    }

    /** For a graph with synthstream's signature ({@link OnnxGraphs#withSignature}) and no uint8 output. */
    public static GeneratorTranslator standard(int latentSize) {
        return new GeneratorTranslator(latentSize, OnnxGraphs.LATENT_INPUT, OnnxGraphs.LABEL_INPUT, OnnxGraphs.OUTPUT, null);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, GeneratorInput input) {
        int n = input.labels().length;
        if (input.z().length != n * latentSize) {
            throw new IllegalArgumentException(input.z().length + " latent values for " + n + " labels of " + latentSize + " each");
        }
        NDManager m = ctx.getNDManager();
        NDArray z = m.create(input.z(), new Shape(n, latentSize));
        z.setName(latentInput);
        long[] wide = new long[n]; // the graph takes int64 labels
        for (int i = 0; i < n; i++) wide[i] = input.labels()[i];
        NDArray labels = m.create(wide);
        labels.setName(labelInput);
        ctx.setAttachment(ASKED, input); // what processOutput copies out
        return new NDList(z, labels);
    }

    @Override
    public GeneratorOutput processOutput(TranslatorContext ctx, NDList outputs) {
        GeneratorInput asked = (GeneratorInput) ctx.getAttachment(ASKED);
        NDArray values = output(outputs, valuesOutput);
        return new GeneratorOutput(values.getShape().getShape(),
                asked.copyValues() ? values.toFloatArray() : null,
                asked.copyGreyLevels() ? output(outputs, greyLevelsOutput).toByteArray() : null);
    }

    private static NDArray output(NDList outputs, String name) {
        NDArray a = name == null ? null : outputs.get(name);
        if (a == null) throw new IllegalStateException("the graph has no output '" + name + "'");
        return a;
    }
}
