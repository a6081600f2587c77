package io.synthstream.trainer.data.tabular;

import java.util.List;

/**
 * How one feature column becomes a few floats of an encoded row and back. Implementations are records of plain
 * parameter arrays (no code captured), so the inverse can later be written into a version's metadata or an ONNX
 * graph as data.
 */
public sealed interface ColumnEncoding permits ModeSpecificColumn, QuantileColumn, OneHotColumn {

    /** Floats this column takes in an encoded row. */
    int width();

    /** Its activation spans, positioned from {@code offset}. */
    List<OutputSpan> spans(int offset, int column);

    /** Writes the encoding of {@code value} (a number, or a category index) at {@code out[offset..offset+width)}. */
    void encode(double value, float[] out, int offset);

    /**
     * The typed value (number within the observed range, rounded when integral; or category index) that generator
     * output at {@code in[offset..offset+width)} stands for, after the span activations. Softmax blocks are read by
     * their argmax.
     */
    double decode(float[] in, int offset);

    /**
     * The largest |scalar| an encoding writes (CTGAN's 0.99): a tanh reaches ±1 only at infinite input, so real rows
     * at exactly ±1 would let D tell them apart and drive G's pre-activations (and then its gradients) to overflow.
     */
    float SCALAR_LIMIT = 0.99f;

    static int argmax(float[] v, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) if (v[i] > v[best]) best = i;
        return best - from;
    }

    /** A number clipped to the column's observed range, rounded for an integral column. */
    static double typed(double x, double min, double max, boolean integral) {
        double clipped = Math.max(min, Math.min(max, x));
        return integral ? Math.rint(clipped) : clipped;
    }
}
