package io.synthstream.generator.models;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.onnx.Uint8Output;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Whether ONNX Runtime, with a generator's session options (its execution provider), computes the grey levels of
 * Java's rule on what a warm-up batch never shows: NaN, infinities, and every rounding boundary with its neighbours.
 * Run once per device; where it fails, generators encode grey levels from the float values instead.
 */
final class GreyLevelProbe {
    private static final Logger LOG = Logger.getLogger(GreyLevelProbe.class);
    private static final int NEIGHBOURS = 8;

    private GreyLevelProbe() {
    }

    static boolean matchesJava(OrtSession.SessionOptions options, String device) {
        float[] v = values();
        try {
            Engine.getEngine(GeneratorLoader.ENGINE); // DJL creates the process's one OrtEnvironment
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(Uint8Output.alone(), options);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), new long[] {v.length});
                 OrtSession.Result out = session.run(Map.of(Uint8Output.ALONE_INPUT, in))) {
                ByteBuffer grey = ((OnnxTensor) out.get(Uint8Output.ALONE_OUTPUT).orElseThrow()).getByteBuffer();
                for (int i = 0; i < v.length; i++) {
                    int got = grey.get(i) & 0xff, java = SampleGrids.pixel(v[i]);
                    if (got != java) {
                        LOG.warnf("ONNX Runtime on %s gives grey level %d for %s, Java's rule %d: grey levels are encoded from the "
                                + "float values on this device", device, got, v[i], java);
                        return false;
                    }
                }
                return true;
            }
        } catch (Exception e) {
            LOG.warnf(e, "the grey-level check could not run on %s (%s): grey levels are encoded from the float values", device, e.getMessage());
            return false;
        }
    }

    /** NaN, infinities, signed zeros, the extremes, and each rounding boundary of [-1, 1] with its nearest floats. */
    static float[] values() {
        FloatBuffer b = FloatBuffer.allocate(12 + 257 * (2 * NEIGHBOURS + 1));
        b.put(new float[] {Float.NaN, Float.intBitsToFloat(0xffc00001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
                1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE});
        for (int k = 0; k <= 256; k++) {
            float x = (k + 0.5f) / 127.5f - 1f;
            for (int i = 0; i < NEIGHBOURS; i++) x = Math.nextDown(x);
            for (int i = 0; i <= 2 * NEIGHBOURS; i++, x = Math.nextUp(x)) b.put(x);
        }
        return b.array();
    }
}
