package io.synthstream.trainer.export;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.synthstream.trainer.gan.DjlRuntime;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An exported generator loaded with DJL's ONNX Runtime engine: what the generator service will run,
 * so the trainer's checks (parity, grid, label fidelity) are made on the published artifact itself.
 */
public final class GeneratorSession implements AutoCloseable {
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final int latentSize;

    public GeneratorSession(Path onnxFile, int latentSize) throws IOException {
        this.latentSize = latentSize;
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(onnxFile)
                .optEngine(DjlRuntime.ONNX_RUNTIME)
                .optTranslator(new NoopTranslator())
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
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray zArr = m.create(z, new Shape(labels.length, latentSize));
            zArr.setName("z");
            long[] l = new long[labels.length];
            for (int i = 0; i < l.length; i++) l[i] = labels[i];
            NDArray labelArr = m.create(l);
            labelArr.setName("label");
            NDList out = predictor.predict(new NDList(zArr, labelArr));
            return out.get(0).toFloatArray();
        } catch (TranslateException e) {
            throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
        }
    }

    /** The output shape for a batch of n, as ONNX Runtime reports it. */
    public long[] outputShape(int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray zArr = m.zeros(new Shape(n, latentSize));
            zArr.setName("z");
            NDArray labelArr = m.zeros(new Shape(n), ai.djl.ndarray.types.DataType.INT64);
            labelArr.setName("label");
            return predictor.predict(new NDList(zArr, labelArr)).get(0).getShape().getShape();
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
