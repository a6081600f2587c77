package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.RowDecoder;
import java.util.List;

/**
 * How one feature column becomes a few floats of an encoded row and back. Implementations are records of plain
 * parameter arrays (no code captured); the inverse is described by {@link #decoding} and computed by the contracts'
 * {@link RowDecoder}.
 */
public sealed interface ColumnEncoding permits ModeSpecificColumn, QuantileColumn, OneHotColumn {

    /** Floats this column takes in an encoded row. */
    int width();

    /** Its activation spans, positioned from {@code offset}. */
    List<OutputSpan> spans(int offset, int column);

    /** Writes the encoding of {@code value} (a number, or a category index) at {@code out[offset..offset+width)}. */
    void encode(double value, float[] out, int offset);

    /**
     * What reads this column back from generator output, as data: the version carries it and {@link RowDecoder}
     * decodes with it, so the inverse is written once, in contracts.
     */
    ColumnDecoding decoding(String column);

    /**
     * The largest |scalar| an encoding writes (CTGAN's 0.99): a tanh reaches ±1 only at infinite input, so real rows
     * at exactly ±1 would let D tell them apart and drive G's pre-activations (and then its gradients) to overflow.
     */
    float SCALAR_LIMIT = ColumnDecoding.SCALAR_LIMIT;
}
