package io.synthstream.trainer.gan.tabular;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.synthstream.trainer.data.tabular.OutputSpan;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's last layer, span by span: tanh for a scalar, Gumbel-softmax for a one-hot block (differentiable,
 * and at τ 0.2 close to one-hot, like the real rows D compares with). Gumbel noise is drawn from the step's seeded
 * random source, so training stays reproducible across a resume.
 */
final class SpanActivations {
    private final List<OutputSpan> spans;
    private final int width;
    private final float temperature;

    SpanActivations(List<OutputSpan> spans, int width, float temperature) {
        this.spans = spans;
        this.width = width;
        this.temperature = temperature;
    }

    /** Differentiable activations of raw output [N, width], with fresh Gumbel noise. */
    NDArray apply(NDManager m, NDArray raw, SplittableRandom rnd) {
        int n = (int) raw.getShape().get(0);
        NDArray noise = m.create(gumbel(rnd, n * width), new Shape(n, width));
        NDList parts = new NDList(spans.size());
        for (OutputSpan s : spans) {
            String cols = ":, " + s.start() + ":" + s.end();
            NDArray part = raw.get(cols);
            parts.add(s.activation() == OutputSpan.Activation.TANH ? part.tanh() : part.add(noise.get(cols)).div(temperature).softmax(1));
        }
        return NDArrays.concat(parts, 1);
    }

    /**
     * For decoding generated rows, in place on raw output rows: tanh on scalars, Gumbel noise added to one-hot logits
     * (their argmax is then a draw from softmax(logits), not always the likeliest category).
     */
    void sampleInPlace(float[] raw, int rows, SplittableRandom rnd) {
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (OutputSpan s : spans) {
                if (s.activation() == OutputSpan.Activation.TANH) {
                    raw[base + s.start()] = (float) Math.tanh(raw[base + s.start()]);
                } else {
                    for (int i = s.start(); i < s.end(); i++) raw[base + i] += gumbel(rnd);
                }
            }
        }
    }

    static float[] gumbel(SplittableRandom rnd, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) g[i] = gumbel(rnd);
        return g;
    }

    private static float gumbel(SplittableRandom rnd) {
        double u = Math.max(rnd.nextDouble(), 1e-20);
        return (float) -Math.log(-Math.log(u) + 1e-20);
    }
}
