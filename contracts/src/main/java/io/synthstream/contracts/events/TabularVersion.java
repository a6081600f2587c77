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
 */
public record TabularVersion(RowSchema schema, RowEncoding encoding, int validationRows, double columnSimilarity, double correlationScore,
        List<ClassifierEfficacy> mlEfficacy, RareClassFigures rareClassGain) {

    public TabularVersion {
        mlEfficacy = mlEfficacy == null ? List.of() : List.copyOf(mlEfficacy);
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
}
