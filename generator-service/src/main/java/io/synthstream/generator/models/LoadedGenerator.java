package io.synthstream.generator.models;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.synthstream.contracts.events.ModelVersionPublished;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded generator version: its ONNX Runtime session (through DJL) and its contract. Reference
 * counted: the registry holds one reference while the version is kept, each inference batch holds one
 * while it runs, and the native session is closed when the last is released — so a swap never closes a
 * session under a batch in flight.
 */
public final class LoadedGenerator {
    private final ModelVersionPublished version;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final AtomicInteger references = new AtomicInteger(1);
    private final int sampleSize;

    LoadedGenerator(ModelVersionPublished version, Model model) {
        this.version = version;
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
        this.sampleSize = version.contract().sampleShape().stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
    }

    public ModelVersionPublished event() {
        return version;
    }

    public String modelName() {
        return version.modelName();
    }

    public long version() {
        return version.version();
    }

    public int latentSize() {
        return version.contract().latentSize();
    }

    public int numClasses() {
        return version.contract().numClasses();
    }

    /** Values per sample (product of the sample shape). */
    public int sampleSize() {
        return sampleSize;
    }

    /** Takes a reference for a batch; false when the version has already been closed. */
    public boolean acquire() {
        while (true) {
            int r = references.get();
            if (r == 0) return false;
            if (references.compareAndSet(r, r + 1)) return true;
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            synchronized (this) {
                predictor.close();
                model.close();
            }
        }
    }

    public boolean isClosed() {
        return references.get() == 0;
    }

    /** n samples for latents z (n × latent) and labels; returns n × sampleSize values. Caller holds a reference. */
    public synchronized float[] generate(float[] z, int[] labels) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray zArr = m.create(z, new Shape(labels.length, latentSize()));
            zArr.setName(version.contract().latentInput());
            long[] l = new long[labels.length];
            for (int i = 0; i < l.length; i++) l[i] = labels[i];
            NDArray labelArr = m.create(l);
            labelArr.setName(version.contract().labelInput());
            float[] out = predictor.predict(new NDList(zArr, labelArr)).get(0).toFloatArray();
            if (out.length != labels.length * sampleSize) {
                throw new IllegalStateException(version.key() + " returned " + out.length + " values for " + labels.length + " samples");
            }
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed on " + version.key() + ": " + e.getMessage(), e);
        }
    }
}
