package io.synthstream.trainer.data.tabular;

/**
 * A run of consecutive positions in an encoded row that one activation covers: a {@link Activation#TANH} scalar in
 * [-1, 1] (a mode-relative value, a quantile), or a {@link Activation#SOFTMAX} block that is one-hot in real rows
 * (a mode, a category). A generator ends in these activations span by span.
 *
 * @param start  the first position in the encoded row
 * @param width  how many positions
 * @param column the feature column it encodes (its index in the row schema)
 */
public record OutputSpan(int start, int width, Activation activation, int column) {
    public enum Activation { TANH, SOFTMAX }

    public OutputSpan {
        if (start < 0 || width < 1) throw new IllegalArgumentException("span at " + start + " of width " + width);
        if (activation == Activation.TANH && width != 1) throw new IllegalArgumentException("a tanh span is one value, not " + width);
    }

    public int end() {
        return start + width;
    }
}
