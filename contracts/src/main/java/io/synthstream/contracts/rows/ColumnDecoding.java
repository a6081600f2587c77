package io.synthstream.contracts.rows;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * How one feature column sits in a tabular generator's output row and how it is read back, as plain data: what a
 * version carries so that every consumer decodes with {@link RowDecoder}, never with a copy of the trainer's math.
 * The output is taken after the generator's span activations: a tanh scalar in [-1, 1], a softmax block of
 * probabilities. JSON names the kind in {@code "encoding"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "encoding")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ColumnDecoding.ModeSpecific.class, name = "MODE_SPECIFIC"),
        @JsonSubTypes.Type(value = ColumnDecoding.Quantile.class, name = "QUANTILE"),
        @JsonSubTypes.Type(value = ColumnDecoding.OneHot.class, name = "ONE_HOT")})
public sealed interface ColumnDecoding permits ColumnDecoding.ModeSpecific, ColumnDecoding.Quantile, ColumnDecoding.OneHot {
    /**
     * The largest |scalar| a real row's encoding holds (CTGAN's 0.99: a tanh reaches ±1 only at infinite input). A
     * quantile scalar of ±{@value} stands for the table's ends.
     */
    float SCALAR_LIMIT = 0.99f;

    /** The feature column's name, as in the {@link RowSchema}. */
    String column();

    /** Floats this column takes in an output row. */
    int width();

    /**
     * CTGAN's mode-specific normalisation: a scalar α (tanh), then one probability per mode (softmax). The value is
     * μ_k + α · {@value #SCALE_STDS} σ_k for the chosen mode k, clipped to [min, max] and rounded when integral.
     *
     * @param means the modes' means
     * @param stds  their standard deviations, positive
     * @param min   the smallest value the column may take (the smallest observed)
     * @param max   the largest
     */
    record ModeSpecific(String column, List<Double> means, List<Double> stds, double min, double max, boolean integral)
            implements ColumnDecoding {
        /** α is measured in units of 4σ (CTGAN): nearly every value of a mode has |α| below 1. */
        public static final double SCALE_STDS = 4;

        public ModeSpecific {
            DecodingChecks.name(column);
            means = DecodingChecks.finite(column, "means", means);
            stds = DecodingChecks.finite(column, "stds", stds);
            if (means.isEmpty()) throw DecodingChecks.refused(column, "needs at least one mode");
            if (stds.size() != means.size()) throw DecodingChecks.refused(column, "has " + means.size() + " means but " + stds.size() + " stds");
            for (int k = 0; k < stds.size(); k++) {
                if (!(stds.get(k) > 0)) throw DecodingChecks.refused(column, "std " + stds.get(k) + " of mode " + k + " is not positive");
            }
            DecodingChecks.range(column, min, max);
        }

        @Override
        public int width() {
            return 1 + means.size();
        }
    }

    /**
     * A numeric column through its empirical CDF: one scalar (tanh) u, read as position (u / {@value #SCALAR_LIMIT}
     * + 1) / 2 · (n − 1) in the table, linearly interpolated; rounded when integral. The table's ends are the
     * column's range.
     *
     * @param quantiles the column's sorted values or evenly spaced quantiles; position i of n is CDF i / (n − 1)
     */
    record Quantile(String column, List<Double> quantiles, boolean integral) implements ColumnDecoding {
        public Quantile {
            DecodingChecks.name(column);
            quantiles = DecodingChecks.finite(column, "quantiles", quantiles);
            if (quantiles.isEmpty()) throw DecodingChecks.refused(column, "has an empty quantile table");
            for (int i = 1; i < quantiles.size(); i++) {
                if (quantiles.get(i) < quantiles.get(i - 1)) {
                    throw DecodingChecks.refused(column, "quantile " + i + " (" + quantiles.get(i) + ") is below quantile " + (i - 1) + " (" + quantiles.get(i - 1) + ")");
                }
            }
        }

        @Override
        public int width() {
            return 1;
        }
    }

    /**
     * A categorical column: one probability per category (softmax), in the schema's declared order.
     *
     * @param categories how many
     */
    record OneHot(String column, int categories) implements ColumnDecoding {
        public OneHot {
            DecodingChecks.name(column);
            if (categories < 1) throw DecodingChecks.refused(column, "has " + categories + " categories; a one-hot block needs at least one");
        }

        @Override
        public int width() {
            return categories;
        }
    }
}
