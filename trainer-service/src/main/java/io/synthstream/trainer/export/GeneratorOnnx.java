package io.synthstream.trainer.export;

import ai.djl.nn.Block;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The ONNX writer of each architecture. It is looked up here, by the architecture's name, rather than asked of the
 * architecture, so that {@code gan} knows nothing of ONNX and the trainer's packages import one way only.
 */
public final class GeneratorOnnx {
    private static final Map<String, BiFunction<Block, GanShape, byte[]>> WRITERS = Map.of(
            TrainingJobRequested.ARCH_CONDITIONAL_MLP, ConditionalMlpOnnx::export,
            TrainingJobRequested.ARCH_CONDITIONAL_DCGAN, ConditionalDcganOnnx::export);

    private GeneratorOnnx() {
    }

    /** The generator being trained as an ONNX model: inputs z float32 [N, latent], label int64 [N]; output sample [N, C, H, W]. */
    public static byte[] write(GanTraining training) {
        var writer = WRITERS.get(training.architecture().name());
        if (writer == null) throw new IllegalArgumentException("no ONNX writer for architecture " + training.architecture().name());
        return writer.apply(training.generatorBlock(), training.shape());
    }
}
