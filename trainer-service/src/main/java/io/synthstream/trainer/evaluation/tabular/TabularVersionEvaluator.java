package io.synthstream.trainer.evaluation.tabular;

import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.rows.ClassCountRows;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.evaluation.ColumnSimilarity;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.export.TabularGeneratorExport.ExportedTabularGenerator;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * A tabular version's figures for its published event, measured on the artifact through ONNX Runtime (rows decoded by
 * the contracts' {@link RowDecoder}, as a consumer will) against real rows the GAN never trained on. The rare-class gain
 * runs {@link RareClassGain} over folds of the validation rows with this version as the oversampler: its rows cannot
 * leak a fold's test rows, but the classifiers learn from fewer rows than the GAN did, so the gain reads higher than
 * the bench's (bench-tabular, a GAN per fold) would.
 */
public final class TabularVersionEvaluator {
    private static final int BATCH = 1000;

    private TabularVersionEvaluator() {
    }

    /** RareClassGain's settings for a job: 3 folds (of a validation split, rarely many rows), both classifiers. */
    public static RareClassGain.Settings jobSettings(long seed) {
        RareClassGain.Settings d = RareClassGain.Settings.defaults(seed);
        return new RareClassGain.Settings(3, d.validationShare(), d.rareShares(), d.classifiers(), d.classifierSettings(), d.smoteNeighbours(),
                false, seed);
    }

    /**
     * @param training   the rows the GAN trained on (ML efficacy's real arm trains on them)
     * @param validation held-out real rows: what every figure is scored against
     */
    public static TabularVersion evaluate(ExportedTabularGenerator exported, LabelledRows training, LabelledRows validation,
                                          RareClassGain.Settings settings, Consumer<String> log) throws IOException {
        RowSchema schema = exported.schema();
        int classes = schema.classes().size();
        RowDecoder decoder = exported.decoder();
        try (GeneratorSession session = exported.open()) {
            LabelledRows likeValidation = generate(session, decoder, exported.latentSize(), validation.classCounts(classes), settings.seed());
            ColumnSimilarity.Report columns = ColumnSimilarity.compare(schema, validation.rows(), likeValidation.rows());
            double similarity = columns.score();
            PairwiseCorrelation.Report correlation = PairwiseCorrelation.compare(schema, validation, likeValidation);
            LabelledRows likeTraining = generate(session, decoder, exported.latentSize(), training.classCounts(classes), settings.seed() + 1);
            List<TabularVersion.ClassifierEfficacy> efficacy = MlEfficacy.compare(schema, training, likeTraining, validation,
                            settings.classifiers(), settings.classifierSettings(), settings.seed()).stream()
                    .map(c -> new TabularVersion.ClassifierEfficacy(c.classifier(), c.real().minorityF1(), c.synthetic().minorityF1(),
                            c.real().balancedAccuracy(), c.synthetic().balancedAccuracy()))
                    .toList();
            // the fold's real rows are not what this version learned from: it is fitted already, on the training rows
            RareClassGain.RareRowGenerator version = (s, foldRows, rare, fold, seed) -> (count, drawSeed) -> {
                int[] counts = new int[classes];
                counts[rare] = count;
                return generate(session, decoder, exported.latentSize(), counts, drawSeed).rows();
            };
            RareClassGain.Result gain = RareClassGain.measure(schema, validation, version, settings, log);
            log.accept(String.format("column similarity %.4f, %s; %s", similarity, correlation.summary(), gain.summary()));
            double smoteBalancedAccuracyGain = gain.classifiers().stream().mapToDouble(RareClassGain.ClassifierResult::smoteBalancedAccuracyGain)
                    .average().orElse(0);
            return new TabularVersion(schema, exported.encoding(), validation.size(), similarity, correlation.score(), efficacy,
                    new TabularVersion.RareClassFigures(gain.rareClass(), gain.folds(), gain.minorityF1Gain(), gain.balancedAccuracyGain(),
                            gain.smoteMinorityF1Gain(), smoteBalancedAccuracyGain), columns.distributions());
        }
    }

    /** Exactly {@code classCounts[c]} rows of each class c from the artifact, as a generator answers a request for them ({@link ClassCountRows}). */
    public static LabelledRows generate(GeneratorSession session, RowDecoder decoder, int latentSize, int[] classCounts, long seed) {
        ClassCountRows generated = ClassCountRows.generate(decoder, latentSize, classCounts, seed, BATCH, session::generate);
        return new LabelledRows(generated.rows(), generated.labels());
    }
}
