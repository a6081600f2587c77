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
 * The generator's last layer, span by span: in training tanh for a scalar, Gumbel-softmax for a one-hot block
 * (differentiable, and at τ 0.2 close to one-hot, like the real rows D compares with; Gumbel noise is drawn from the
 * step's seeded random source, so training stays reproducible across a resume); in generation tanh and softmax.
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
        // 1/τ as a tensor libtorch allocates, not DJL's div(Number): that wraps the number in a tensor over a Java
        // direct buffer and closes it at once, while autograd keeps the tensor for the backward pass; when the
        // garbage collector frees the buffer first, backward divides by freed memory (NaN or silently wrong
        // gradients, at random: 3 of 5 credit-g runs corrupted under direct-memory pressure, none without GC).
        NDArray inverseTemperature = m.full(new Shape(1), 1f / temperature);
        NDList parts = new NDList(spans.size());
        for (OutputSpan s : spans) {
            String cols = ":, " + s.start() + ":" + s.end();
            NDArray part = raw.get(cols);
            parts.add(s.activation() == OutputSpan.Activation.TANH ? part.tanh() : part.add(noise.get(cols)).mul(inverseTemperature).softmax(1));
        }
        return NDArrays.concat(parts, 1);
    }

    /**
     * For generation and export, deterministic: tanh on scalars, plain softmax (τ 1, no noise) on blocks, the
     * probabilities the contracts' decoder draws a category from. A draw from softmax(logits) is what the argmax of
     * Gumbel-perturbed logits is, at any τ, so this samples as training's activations do; and an ONNX graph computes
     * the same with Tanh and Softmax nodes, so generation and the exported graph are one function.
     */
    NDArray activate(NDArray raw) {
        NDList parts = new NDList(spans.size());
        for (OutputSpan s : spans) {
            NDArray part = raw.get(":, " + s.start() + ":" + s.end());
            parts.add(s.activation() == OutputSpan.Activation.TANH ? part.tanh() : part.softmax(1));
        }
        return NDArrays.concat(parts, 1);
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
