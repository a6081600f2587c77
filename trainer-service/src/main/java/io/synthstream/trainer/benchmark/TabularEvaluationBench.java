package io.synthstream.trainer.benchmark;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.data.tabular.RowTransform;
import io.synthstream.trainer.data.tabular.RowTransform.NumericEncoding;
import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.data.tabular.TabularDatasetDefinition;
import io.synthstream.trainer.evaluation.ColumnSimilarity;
import io.synthstream.trainer.evaluation.tabular.LabelledRows;
import io.synthstream.trainer.evaluation.tabular.MlEfficacy;
import io.synthstream.trainer.evaluation.tabular.PairwiseCorrelation;
import io.synthstream.trainer.evaluation.tabular.RareClassGain;
import io.synthstream.trainer.evaluation.tabular.StratifiedSplits;
import io.synthstream.trainer.evaluation.tabular.TabularSubsets;
import io.synthstream.trainer.evaluation.VersionCandidate;
import io.synthstream.trainer.export.TabularGeneratorExport;
import io.synthstream.trainer.export.TabularGeneratorExport.ExportedTabularGenerator;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.gan.tabular.GeneratedRows;
import io.synthstream.trainer.gan.tabular.TabularGanSettings;
import io.synthstream.trainer.gan.tabular.TabularGanTraining;
import io.synthstream.trainer.publish.PublishedVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The tabular GAN judged as issue 25 asks, on one table (credit-g by default), over stratified folds: per fold a GAN
 * trains on the fold's training rows less a validation split, and only on those; its rows are compared with the rows
 * it learned from (column similarity, pairwise correlations), train classifiers alone (ML efficacy, scored on the
 * fold's held-out real rows) and add rare-class rows to the real training rows ({@link RareClassGain}: against real
 * rows alone and SMOTE, the amount chosen on the validation split). One GAN per fold serves all of it.
 */
public final class TabularEvaluationBench {
    private TabularEvaluationBench() {
    }

    /** @param ganForSeed the GAN's settings for a seed ({@code seed} first; the next seeds for a run that diverged) */
    public record Settings(Path file, String labelColumn, int steps, long seed, java.util.function.LongFunction<TabularGanSettings> ganForSeed,
            NumericEncoding encoding, RareClassGain.Settings evaluation, int progressEvery) {
    }

    /**
     * One fold's GAN: its training time and what its rows scored against the rows it learned from.
     *
     * @param divergedAtStep where its first run diverged (a NaN loss), or null
     * @param ganRuns        runs it took (more than 1 when one diverged)
     * @param ganTrainingSeconds all the GAN took: fitting the row transform, building the models, every run
     * @param msPerStep      the training steps alone
     */
    public record FoldFigures(int fold, int trainingRows, long ganSteps, Long divergedAtStep, int ganRuns, double ganTrainingSeconds, double msPerStep, double columnSimilarity,
            PairwiseCorrelation.Report correlation, List<MlEfficacy.Comparison> mlEfficacy) {
    }

    /** One classifier's ML efficacy, each score the mean over folds. */
    public record Efficacy(String classifier, MeanScores real, MeanScores synthetic) {
    }

    public record MeanScores(double accuracy, double balancedAccuracy, double minorityF1) {
    }

    /**
     * @param gatePasses the rare-class gain is not negative: a version like this one would pass the gate
     */
    public record Figures(String dataset, int rows, Map<String, Integer> classCounts, int steps, TabularGanSettings gan, String encoding,
            RareClassGain.Settings evaluation, double columnSimilarity, double correlationScore, double correlationMeanAbsoluteDifference,
            List<Efficacy> mlEfficacy, RareClassGain.Result rareClassGain, boolean gatePasses, List<FoldFigures> folds, double seconds,
            String finishedAt) {
    }

    public static Figures run(Settings s, Path out, Consumer<String> log) throws IOException {
        long start = System.nanoTime();
        TabularDataset data = new TabularDatasetDefinition(s.file(), s.labelColumn()).read();
        log.accept(data.summary());
        RowSchema schema = data.schema();
        LabelledRows all = LabelledRows.of(data);
        List<StratifiedSplits.Split> folds = RareClassGain.folds(all, s.evaluation());
        List<FoldFigures> perFold = new ArrayList<>();
        RareClassGain.RareRowGenerator gan = (sch, training, rare, fold, seed) -> {
            LabelledRows test = all.subset(folds.get(fold).heldOut());
            FoldGan result = trainFold(s, sch, training, test, rare, fold, fold == 0 ? out.resolve(SERVING_VERSION) : null, log);
            perFold.add(result.figures());
            return result.pool();
        };
        RareClassGain.Result gain = RareClassGain.measure(schema, all, gan, s.evaluation(), log);
        Figures figures = new Figures(data.source(), data.rowCount(), data.classCounts(), s.steps(), s.ganForSeed().apply(s.seed()), s.encoding().name(), s.evaluation(),
                mean(perFold, FoldFigures::columnSimilarity), mean(perFold, f -> f.correlation().score()),
                mean(perFold, f -> f.correlation().meanAbsoluteDifference()), efficacy(perFold), gain, gain.minorityF1Gain() >= 0, perFold,
                (System.nanoTime() - start) / 1e9, Instant.now().toString());
        Files.createDirectories(out);
        EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("tabular.json").toFile(), figures);
        return figures;
    }

    private record FoldGan(FoldFigures figures, RareClassGain.RareRowSampler pool) {
    }

    /**
     * Trains the fold's GAN on {@code training}, scores its rows, and generates a pool of rare rows large enough for
     * any amount {@link RareClassGain} may ask of this fold, so the GAN is closed before the classifiers train.
     */
    private static FoldGan trainFold(Settings s, RowSchema schema, LabelledRows training, LabelledRows test, int rare, int fold, Path servingDir,
            Consumer<String> log) {
        TabularDataset rows = TabularSubsets.of(schema, training, "fold " + (fold + 1));
        int classes = schema.classes().size();
        TrainedGan trained = train(s, rows, fold, log);
        try (TabularGanTraining gan = trained.gan()) {
            double seconds = trained.seconds();
            GeneratedRows generated = gan.generate(training.classCounts(classes), 12345 + fold);
            LabelledRows synthetic = new LabelledRows(generated.rows(), generated.labels());
            double similarity = ColumnSimilarity.compare(schema, training.rows(), synthetic.rows()).score();
            PairwiseCorrelation.Report correlation = PairwiseCorrelation.compare(schema, training, synthetic);
            List<MlEfficacy.Comparison> efficacy = MlEfficacy.compare(schema, training, synthetic, test, s.evaluation().classifiers(),
                    s.evaluation().classifierSettings(), s.evaluation().seed() + fold);
            log.accept(String.format("fold %d: GAN %.1f s (%.1f ms/step), column similarity %.4f, %s", fold + 1, seconds, trained.msPerStep(),
                    similarity, correlation.summary()));
            for (MlEfficacy.Comparison c : efficacy) {
                log.accept(String.format("fold %d ML efficacy %s: balanced accuracy real %.3f synthetic %.3f, minority F1 real %.3f synthetic %.3f",
                        fold + 1, c.classifier(), c.real().balancedAccuracy(), c.synthetic().balancedAccuracy(), c.real().minorityF1(),
                        c.synthetic().minorityF1()));
            }
            if (servingDir != null) {
                writeServingVersion(s, gan, servingDir, test.size(), similarity, correlation.score());
                log.accept("fold " + (fold + 1) + ": its generator exported as a version (for the serving figures) in " + servingDir);
            }
            // the most a final model can ask for: the rare class brought to the largest share of a whole training fold's majority
            double largestShare = s.evaluation().rareShares().stream().mapToDouble(Double::doubleValue).max().orElse(1);
            int poolSize = (int) Math.ceil(largestShare * training.size() / (1 - s.evaluation().validationShare())) + classes + 1;
            int[] poolCounts = new int[classes];
            poolCounts[rare] = poolSize;
            double[][] pool = gan.generate(poolCounts, 777_000 + fold).rows();
            FoldFigures figures = new FoldFigures(fold + 1, training.size(), trained.steps(), trained.divergedAtStep(), trained.runs(), seconds,
                    trained.msPerStep(), similarity, correlation, efficacy);
            return new FoldGan(figures, (count, seed) -> draw(pool, count, seed));
        }
    }

    /** The folder under the bench's output where fold 1's generator is kept as a version (model.onnx, version.json). */
    public static final String SERVING_VERSION = "serving-version";

    /**
     * Fold 1's generator exported and described as the trainer publishes a version ({@link TabularGeneratorExport}, parity
     * checked; {@link PublishedVersions#event}), so that the generator's own code can serve it for the serving figures
     * (generator-bench's TabularServingBench, which {@code ./synthstream bench-tabular} runs next).
     */
    private static void writeServingVersion(Settings s, TabularGanTraining gan, Path dir, int validationRows, double similarity,
                                            double correlationScore) {
        try {
            ExportedTabularGenerator exported = TabularGeneratorExport.export(gan, dir); // writes dir/model.onnx
            String file = s.file().getFileName().toString();
            String model = file.substring(0, file.lastIndexOf('.')).replaceAll("[^A-Za-z0-9._-]", "-");
            var job = new TrainingJobRequested("bench-tabular", s.file().toString(), TrainingJobRequested.ARCH_CONDITIONAL_TABULAR, model,
                    (int) gan.step(), null, null, null, exported.latentSize(), s.seed(), null, null, null, null, null, null, null, null,
                    s.labelColumn(), null, Instant.now());
            byte[] onnx = Files.readAllBytes(exported.onnxFile());
            var rows = new TabularVersion(exported.schema(), exported.encoding(), validationRows, similarity, correlationScore, List.of(), null);
            var metrics = new QualityMetrics(null, null, null, exported.parityMaxAbsDiff(), exported.step(), null, null);
            var event = PublishedVersions.event(job, new VersionCandidate(onnx, null, exported.contract(), metrics, exported.step(), dir, rows), 1);
            Files.write(dir.resolve("version.json"), EventJson.toBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fold's trained GAN (open: the caller closes it), its steps, the seconds of all it took (transforms, models, every run), ms per step. */
    private record TrainedGan(TabularGanTraining gan, long steps, Long divergedAtStep, int runs, double seconds, double msPerStep) {
    }

    /**
     * Trains a fold's GAN for the asked steps. A run that diverges (a NaN loss: seen with the hinge loss at step 16 of
     * one run and 1 498 of another, not reproducibly) starts again with the next seed, up to 3 runs; the fold's
     * figures say how many it took and where the first diverged.
     */
    private static TrainedGan train(Settings s, TabularDataset rows, int fold, Consumer<String> log) {
        long start = System.nanoTime();
        Long firstDivergence = null;
        for (int run = 0; ; run++) {
            TabularGanTraining gan = new TabularGanTraining(rows, RowTransform.fit(rows, s.encoding()), s.ganForSeed().apply(s.seed() + 1000L * run));
            try {
                double stepSeconds = runSteps(gan, s.steps(), fold, s.progressEvery(), log);
                return new TrainedGan(gan, s.steps(), firstDivergence, run + 1, (System.nanoTime() - start) / 1e9, 1000 * stepSeconds / s.steps());
            } catch (IllegalStateException diverged) {
                long at = gan.step() + 1;
                gan.close();
                if (firstDivergence == null) firstDivergence = at;
                if (run == 2) throw new IllegalStateException("fold " + (fold + 1) + ": 3 GAN runs diverged; the last: " + diverged.getMessage());
                log.accept(String.format("fold %d: GAN diverged at step %d; run again with the next seed", fold + 1, at));
            }
        }
    }

    /** Returns the seconds the steps took. */
    private static double runSteps(TabularGanTraining gan, long steps, int fold, int every, Consumer<String> log) {
        long start = System.nanoTime();
        for (long step = 1; step <= steps; step++) {
            GanTraining.StepLosses l = gan.trainStep();
            if (step % every == 0 || step == steps) {
                log.accept(String.format("fold %d step %d  %.1f s  D %.3f  G %.3f", fold + 1, step, (System.nanoTime() - start) / 1e9,
                        l.discriminatorLoss(), l.generatorLoss()));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code count} distinct rows of the pool, chosen by the seed. */
    private static double[][] draw(double[][] pool, int count, long seed) {
        if (count > pool.length) throw new IllegalStateException(count + " rare rows asked of a pool of " + pool.length);
        int[] order = new int[pool.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Arrays.stream(order, 0, count).mapToObj(i -> pool[i].clone()).toArray(double[][]::new);
    }

    private static List<Efficacy> efficacy(List<FoldFigures> folds) {
        List<Efficacy> out = new ArrayList<>();
        if (folds.isEmpty()) return out;
        for (int c = 0; c < folds.get(0).mlEfficacy().size(); c++) {
            final int k = c;
            List<MlEfficacy.Comparison> per = folds.stream().map(f -> f.mlEfficacy().get(k)).toList();
            out.add(new Efficacy(per.get(0).classifier(),
                    new MeanScores(avg(per, p -> p.real().accuracy()), avg(per, p -> p.real().balancedAccuracy()), avg(per, p -> p.real().minorityF1())),
                    new MeanScores(avg(per, p -> p.synthetic().accuracy()), avg(per, p -> p.synthetic().balancedAccuracy()),
                            avg(per, p -> p.synthetic().minorityF1()))));
        }
        return out;
    }

    private static <T> double avg(List<T> items, java.util.function.ToDoubleFunction<T> f) {
        return items.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static double mean(List<FoldFigures> folds, java.util.function.ToDoubleFunction<FoldFigures> f) {
        return avg(folds, f);
    }
}
