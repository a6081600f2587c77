package io.synthstream.trainer.export;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.synthstream.onnx.GeneratorInput;
import io.synthstream.onnx.GeneratorOutput;
import io.synthstream.onnx.GeneratorTranslator;
import io.synthstream.trainer.gan.DjlRuntime;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An exported generator loaded with DJL's ONNX Runtime engine and the generator service's translator: what the
 * generator service will run, so the trainer's checks (parity, grid, label fidelity) are made on the published
 * artifact itself.
 */
public final class GeneratorSession implements AutoCloseable {
    private final ZooModel<GeneratorInput, GeneratorOutput> model;
    private final Predictor<GeneratorInput, GeneratorOutput> predictor;
    private final int latentSize;

    public GeneratorSession(Path onnxFile, int latentSize) throws IOException {
        this.latentSize = latentSize;
        Criteria<GeneratorInput, GeneratorOutput> criteria = Criteria.builder()
                .setTypes(GeneratorInput.class, GeneratorOutput.class)
                .optModelPath(onnxFile)
                .optEngine(DjlRuntime.ONNX_RUNTIME)
                .optTranslator(GeneratorTranslator.standard(latentSize))
                .build();
        try {
            this.model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("ONNX Runtime cannot load " + onnxFile + ": " + e.getMessage(), e);
        }
        this.predictor = model.newPredictor();
    }

    /** Samples for latents z (n × latent, row-major) and labels; returns n × pixels values. */
    public float[] generate(float[] z, int[] labels) {
        return run(GeneratorInput.values(z, labels)).values();
    }

    /** The output shape for a batch of n, as ONNX Runtime reports it. */
    public long[] outputShape(int n) {
        return run(new GeneratorInput(new float[n * latentSize], new int[n], false, false)).shape();
    }

    private GeneratorOutput run(GeneratorInput input) {
        try {
            return predictor.predict(input);
        } catch (TranslateException e) {
            throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
