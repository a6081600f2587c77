package io.synthstream.contracts.rows;

import java.util.List;

/** The checks of the decodings' canonical constructors, each failure naming the column. */
final class DecodingChecks {
    private DecodingChecks() {
    }

    static void name(String column) {
        if (column == null || column.isBlank()) throw new IllegalArgumentException("a column decoding needs the column's name");
    }

    static IllegalArgumentException refused(String column, String why) {
        return new IllegalArgumentException("column '" + column + "' " + why);
    }

    static List<Double> finite(String column, String what, List<Double> values) {
        if (values == null) throw refused(column, "has no " + what);
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) throw refused(column, "has a value " + v + " among its " + what + " that is not a finite number");
        }
        return List.copyOf(values);
    }

    static void range(String column, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw refused(column, "has range [" + min + ", " + max + "]; it needs finite min <= max");
        }
    }
}
