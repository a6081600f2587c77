package io.synthstream.trainer.cli;

import io.synthstream.trainer.benchmark.TabularEvaluationBench;
import io.synthstream.trainer.data.tabular.RowTransform.NumericEncoding;
import io.synthstream.trainer.evaluation.tabular.RareClassGain;
import io.synthstream.trainer.evaluation.tabular.TabularClassifiers;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.gan.tabular.TabularGanSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./synthstream bench-tabular}: the tabular GAN judged over folds (see {@link TabularEvaluationBench}). */
@Command(name = "bench-tabular", mixinStandardHelpOptions = true,
        description = {"The tabular GAN on one table (credit-g), over stratified folds, a GAN per fold trained on that fold's training rows only: "
                + "column similarity, pairwise correlation difference, ML efficacy (logistic regression and random forest trained on synthetic rows only), "
                + "and the rare class's gain from synthetic rows against real rows alone and SMOTE. Figures in <out>/tabular.json."})
final class TabularBenchCommand implements Callable<Integer> {
    @Option(names = "--table", defaultValue = "weka/credit-g.arff", description = "A CSV or ARFF file, relative to --data-dir.")
    String table;
    @Option(names = "--label", defaultValue = "class")
    String label;
    @Option(names = "--steps", defaultValue = "3000", description = "GAN steps per fold.")
    int steps;
    @Option(names = "--batch", defaultValue = "500")
    int batch;
    @Option(names = "--pac", defaultValue = "10")
    int pac;
    @Option(names = "--loss", defaultValue = "HINGE", description = "BCE or HINGE.")
    TabularGanSettings.Loss loss;
    @Option(names = "--sampling", defaultValue = "LOG_FREQUENCY", description = "LOG_FREQUENCY, UNIFORM or EMPIRICAL.")
    TabularGanSettings.ConditionSampling sampling;
    @Option(names = "--encoding", defaultValue = "MODE_SPECIFIC", description = "MODE_SPECIFIC or QUANTILE.")
    NumericEncoding encoding;
    @Option(names = "--folds", defaultValue = "5")
    int folds;
    @Option(names = "--rare-shares", split = ",", defaultValue = "0.5,1.0",
            description = "Candidate sizes of the rare class after adding rows, as shares of the majority (chosen on validation).")
    List<Double> rareShares;
    @Option(names = "--trees", defaultValue = "100", description = "Trees per random forest.")
    int trees;
    @Option(names = "--seed", defaultValue = "1")
    long seed;
    @Option(names = "--torch-threads", defaultValue = "0", description = "PyTorch's intra-op threads (0: its default).")
    int torchThreads;
    @Option(names = "--tiny", description = "A few GAN steps, small forests (CI: the command cannot rot); figures meaningless.")
    boolean tiny;
    @Option(names = "--out", defaultValue = ".local/bench-tabular")
    Path out;
    @Option(names = "--data-dir", defaultValue = "data")
    Path dataDir;
    @Option(names = "--djl-cache-dir", defaultValue = ".local/djl-cache")
    Path djlCache;

    @Override
    public Integer call() throws Exception {
        // read when DJL loads PyTorch, so before anything touches the engine
        if (torchThreads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        DjlRuntime.configure(djlCache);
        int ganSteps = tiny ? 20 : steps;
        RareClassGain.Settings evaluation = new RareClassGain.Settings(folds, 0.2, rareShares, List.of(TabularClassifiers.Kind.values()),
                new TabularClassifiers.Settings(tiny ? 10 : trees, 1.0), 5, false, seed);
        int ganBatch = tiny ? 100 : batch;
        var settings = new TabularEvaluationBench.Settings(dataDir.resolve(table), label, ganSteps, seed,
                s -> TabularGanSettings.defaults(s).withBatch(ganBatch, pac).withLoss(loss).withConditionSampling(sampling), encoding, evaluation,
                Math.max(1, ganSteps / 5));
        System.out.println("bench-tabular: " + settings.file() + ", " + ganSteps + " GAN steps per fold, " + folds + " folds; figures in "
                + out.resolve("tabular.json"));
        var f = TabularEvaluationBench.run(settings, out, System.out::println);
        System.out.printf("column similarity %.4f, pairwise correlation score %.4f (mean |difference| %.4f)%n", f.columnSimilarity(), f.correlationScore(),
                f.correlationMeanAbsoluteDifference());
        for (var e : f.mlEfficacy()) {
            System.out.printf("ML efficacy %-19s balanced accuracy real %.3f synthetic %.3f | minority F1 real %.3f synthetic %.3f%n", e.classifier(),
                    e.real().balancedAccuracy(), e.synthetic().balancedAccuracy(), e.real().minorityF1(), e.synthetic().minorityF1());
        }
        System.out.println(f.rareClassGain().summary());
        System.out.printf("GAN training per fold: %s s; gate (rare-class gain ≥ 0): %s; %.0f s in all%n",
                f.folds().stream().map(x -> String.format("%.1f", x.ganTrainingSeconds())).toList(), f.gatePasses() ? "passes" : "refuses", f.seconds());
        return 0;
    }
}
