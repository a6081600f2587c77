package io.synthstream.contracts.events;

import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import java.util.List;

/**
 * What a tabular version adds to its {@link ModelVersionPublished}: how to read its output as rows, and how good the
 * rows are. The generator's output {@code sample} [N, encoding.width()] is decoded by {@link RowDecoder} built from
 * {@code schema} and {@code encoding}; the label input indexes {@code schema.classes()}.
 *
 * @param validationRows    real rows held out of the GAN's training, which the figures are measured on
 * @param columnSimilarity  per-column similarity of generated rows to the validation rows, 1 = identical marginals
 * @param correlationScore  1 − mean |difference| of the pairwise associations (generated vs validation rows)
 * @param mlEfficacy        per classifier: trained on the training rows or on as many generated rows, scored on the
 *                          validation rows
 * @param rareClassGain     what generated rows of the rarest class add to classifiers, over folds of the validation rows
 * @param columnDistributions per schema column, in schema order: its marginal in the validation rows and in the generated
 *                          rows the column similarity is measured on; empty in events written before they were published
 */
public record TabularVersion(RowSchema schema, RowEncoding encoding, int validationRows, double columnSimilarity, double correlationScore,
        List<ClassifierEfficacy> mlEfficacy, RareClassFigures rareClassGain, List<ColumnDistribution> columnDistributions) {

    public TabularVersion {
        mlEfficacy = mlEfficacy == null ? List.of() : List.copyOf(mlEfficacy);
        columnDistributions = columnDistributions == null ? List.of() : List.copyOf(columnDistributions);
    }

    /** A version without column distributions (as events written before them read). */
    public TabularVersion(RowSchema schema, RowEncoding encoding, int validationRows, double columnSimilarity, double correlationScore,
                          List<ClassifierEfficacy> mlEfficacy, RareClassFigures rareClassGain) {
        this(schema, encoding, validationRows, columnSimilarity, correlationScore, mlEfficacy, rareClassGain, List.of());
    }

    /** The decoder of this version's output. */
    public RowDecoder decoder() {
        return new RowDecoder(schema, encoding);
    }

    /** One classifier's scores on the validation rows, trained on real rows or on synthetic rows only. */
    public record ClassifierEfficacy(String classifier, double realMinorityF1, double syntheticMinorityF1, double realBalancedAccuracy,
            double syntheticBalancedAccuracy) {
    }

    /**
     * Minority-class F1 and balanced accuracy of classifiers trained on real rows plus this version's rare-class rows,
     * minus trained on real rows alone (averaged over classifiers and folds); the same for SMOTE's rows, for scale. A
     * negative {@code minorityF1Gain} keeps a version from being published.
     */
    public record RareClassFigures(String rareClass, int folds, double minorityF1Gain, double balancedAccuracyGain, double smoteMinorityF1Gain,
            double smoteBalancedAccuracyGain) {
    }

    /**
     * One column's marginal distribution in the validation rows (real) and in the generated rows its similarity is
     * measured on (synthetic), for a chart of one against the other. Fractions are rounded to 4 decimals, so a few dozen
     * numbers per column travel in the event.
     *
     * @param column     the schema column's name
     * @param similarity that column's part of {@code columnSimilarity}: 1 − the Kolmogorov–Smirnov statistic (numeric) or
     *                   1 − the total variation distance (categorical)
     * @param binEdges   a numeric column's bin edges, ascending, one more than the bins: bin i holds values in
     *                   [edges[i], edges[i + 1]), the last bin its upper edge too; they span the real and the synthetic
     *                   values, so every row falls in a bin. Empty for a categorical column.
     * @param categories a categorical column's categories, in the schema's order. Empty for a numeric column.
     * @param real       the fraction of real rows per bin or category (they sum to 1 up to rounding)
     * @param synthetic  the fraction of synthetic rows per bin or category, the same bins or categories
     */
    public record ColumnDistribution(String column, double similarity, List<Double> binEdges, List<String> categories, List<Double> real,
                                     List<Double> synthetic) {
        public ColumnDistribution {
            binEdges = binEdges == null ? List.of() : List.copyOf(binEdges);
            categories = categories == null ? List.of() : List.copyOf(categories);
            real = real == null ? List.of() : List.copyOf(real);
            synthetic = synthetic == null ? List.of() : List.copyOf(synthetic);
        }

        /** Not bean-style on purpose: JSON carries the edges or the categories, not a derived flag. */
        public boolean numeric() {
            return !binEdges.isEmpty();
        }
    }
}
