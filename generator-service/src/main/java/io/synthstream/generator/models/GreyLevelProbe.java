package io.synthstream.generator.models;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.onnx.Uint8Output;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
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
        try {
            Engine.getEngine(GeneratorLoader.ENGINE); // DJL creates the process's one OrtEnvironment
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(Uint8Output.alone(), options)) {
                String mismatches = mismatches(env, session, values());
                if (mismatches.isEmpty()) return true;
                LOG.warnf("ONNX Runtime on %s rounds grey levels otherwise than Java's rule (%s): grey levels are encoded from the "
                        + "float values on this device", device, mismatches);
                return false;
            }
        } catch (Exception e) {
            LOG.warnf(e, "the grey-level check could not run on %s (%s): grey levels are encoded from the float values", device, e.getMessage());
            return false;
        }
    }

    /**
     * Runs {@link Uint8Output#alone()}'s session over the values; "" when every grey level is {@link SampleGrids#pixel}'s,
     * else how many differ and the first.
     */
    static String mismatches(OrtEnvironment env, OrtSession session, float[] v) throws OrtException {
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), new long[] {v.length});
             OrtSession.Result out = session.run(Map.of(Uint8Output.ALONE_INPUT, in))) {
            ByteBuffer grey = ((OnnxTensor) out.get(Uint8Output.ALONE_OUTPUT).orElseThrow()).getByteBuffer();
            int wrong = 0;
            String first = null;
            for (int i = 0; i < v.length; i++) {
                int expected = SampleGrids.pixel(v[i]), got = grey.get(i) & 0xff;
                if (expected != got) {
                    wrong++;
                    if (first == null) first = v[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(v[i])) + "): " + got + " != " + expected;
                }
            }
            return wrong == 0 ? "" : wrong + " of " + v.length + " values rounded otherwise, first " + first;
        }
    }

    /** NaN, infinities, signed zeros, the extremes, and each rounding boundary of [-1, 1] with its nearest floats. */
    static float[] values() {
        float[] specials = {Float.NaN, Float.intBitsToFloat(0xffc00001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f,
                1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE};
        float[] boundaries = boundaries(NEIGHBOURS);
        float[] v = Arrays.copyOf(specials, specials.length + boundaries.length);
        System.arraycopy(boundaries, 0, v, specials.length, boundaries.length);
        return v;
    }

    /** Each value v of [-1, 1] where round((v + 1) × 127.5) steps up, with the {@code neighbours} nearest floats on each side. */
    static float[] boundaries(int neighbours) {
        FloatBuffer b = FloatBuffer.allocate(257 * (2 * neighbours + 1));
        for (int k = 0; k <= 256; k++) {
            float x = (k + 0.5f) / 127.5f - 1f;
            for (int i = 0; i < neighbours; i++) x = Math.nextDown(x);
            for (int i = 0; i <= 2 * neighbours; i++, x = Math.nextUp(x)) b.put(x);
        }
        return b.array();
    }
}
