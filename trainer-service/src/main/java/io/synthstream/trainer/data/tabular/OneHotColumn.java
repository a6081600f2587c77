package io.synthstream.trainer.data.tabular;

import io.synthstream.contracts.rows.ColumnDecoding;
import java.util.List;

/** A categorical column as a one-hot block. */
public record OneHotColumn(int categories) implements ColumnEncoding {
    public OneHotColumn {
        if (categories < 1) throw new IllegalArgumentException("a categorical column needs a category");
    }

    @Override
    public int width() {
        return categories;
    }

    @Override
    public List<OutputSpan> spans(int offset, int column) {
        return List.of(new OutputSpan(offset, categories, OutputSpan.Activation.SOFTMAX, column));
    }

    @Override
    public void encode(double value, float[] out, int offset) {
        int c = (int) value;
        if (c < 0 || c >= categories) throw new IllegalArgumentException("category index " + c + " of " + categories);
        for (int i = 0; i < categories; i++) out[offset + i] = i == c ? 1f : 0f;
    }

    @Override
    public ColumnDecoding decoding(String column) {
        return new ColumnDecoding.OneHot(column, categories);
    }
}
