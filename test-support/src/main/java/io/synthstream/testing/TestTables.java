package io.synthstream.testing;

import io.synthstream.contracts.rows.ColumnDecoding;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import java.util.List;

/** Row schemas and encodings that fit them, for tests that publish tabular versions ({@link TestModelPublisher#publishTabular}). */
public final class TestTables {
    /** The smallest numeric column decodes between these (two modes, at 30 ± 5 and 60 ± 8). */
    public static final double NUMERIC_MIN = 18, NUMERIC_MAX = 90;

    private TestTables() {
    }

    /**
     * An encoding that decodes rows of that schema: two modes (mode-specific normalisation) within [{@value #NUMERIC_MIN},
     * {@value #NUMERIC_MAX}] for each numeric column, a one-hot block for each categorical one.
     */
    public static RowEncoding encoding(RowSchema schema) {
        return new RowEncoding(schema.columns().stream().<ColumnDecoding>map(c -> c.numeric()
                ? new ColumnDecoding.ModeSpecific(c.name(), List.of(30.0, 60.0), List.of(5.0, 8.0), NUMERIC_MIN, NUMERIC_MAX, c.integral())
                : new ColumnDecoding.OneHot(c.name(), c.categories().size())).toList());
    }
}
