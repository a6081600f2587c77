package io.synthstream.trainer.gan.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.synthstream.trainer.data.tabular.OutputSpan;
import io.synthstream.trainer.gan.DjlRuntime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Gumbel-softmax's gradient does not depend on the garbage collector. It did when τ went in through DJL's
 * div(Number): that tensor sat on a Java direct buffer DJL closed at once while autograd kept it, so a collection
 * between the forward and the backward pass freed the divisor, and reused memory (here filled with NaN) became it.
 */
class SpanActivationsTest {
    static final List<OutputSpan> SPANS = List.of(new OutputSpan(0, 1, OutputSpan.Activation.TANH, 0),
            new OutputSpan(1, 4, OutputSpan.Activation.SOFTMAX, 0), new OutputSpan(5, 3, OutputSpan.Activation.SOFTMAX, 1));

    @Test
    void theGradientIsTheSameWhenMemoryIsCollectedAndReusedBeforeTheBackwardPass() throws Exception {
        DjlRuntime.configure(null);
        float[] calm = gradient(false);
        float[] churned = gradient(true);
        for (float g : churned) assertTrue(Float.isFinite(g), "a gradient read freed memory: " + java.util.Arrays.toString(churned));
        assertArrayEquals(calm, churned);
    }

    private static float[] gradient(boolean churn) throws InterruptedException {
        Engine engine = Engine.getEngine(DjlRuntime.PYTORCH);
        SpanActivations activations = new SpanActivations(SPANS, 8, 0.2f);
        try (NDManager m = engine.newBaseManager()) {
            NDArray raw = m.create(Inputs.raw(), new Shape(16, 8));
            raw.setRequiresGradient(true);
            NDArray weights = m.create(Inputs.weights(), new Shape(16, 8));
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray loss = activations.apply(m, raw, new SplittableRandom(1)).mul(weights).sum();
                if (churn) churn();
                gc.backward(loss);
            }
            return raw.getGradient().toFloatArray();
        }
    }

    /** Collects, lets cleaners free direct buffers, then takes many small ones filled with NaN (likely the freed ones). */
    private static void churn() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        List<ByteBuffer> kept = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            b.putFloat(0, Float.NaN);
            kept.add(b);
        }
        assertTrue(kept.size() > 0);
    }

    /** Fixed inputs. */
    static final class Inputs {
        static float[] raw() {
            SplittableRandom r = new SplittableRandom(3);
            float[] v = new float[16 * 8];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
            return v;
        }

        static float[] weights() {
            SplittableRandom r = new SplittableRandom(4);
            float[] v = new float[16 * 8];
            for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
            return v;
        }
    }
}
