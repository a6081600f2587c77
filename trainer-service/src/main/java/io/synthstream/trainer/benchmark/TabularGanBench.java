package io.synthstream.trainer.benchmark;

import io.synthstream.trainer.data.tabular.RowTransform;
import io.synthstream.trainer.data.tabular.RowTransform.NumericEncoding;
import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.data.tabular.TabularDatasetDefinition;
import io.synthstream.trainer.evaluation.ColumnSimilarity;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.gan.tabular.GeneratedRows;
import io.synthstream.trainer.gan.tabular.TabularGanSettings;
import io.synthstream.trainer.gan.tabular.TabularGanTraining;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures the tabular GAN on one data set (credit-g by default): trains with a numeric encoding and loss, then
 * generates as many rows per class as the real table has and prints the per-column similarity and the training
 * time. Arguments are key=value: file, label, steps, batch, pac, encoding (MODE_SPECIFIC, QUANTILE), loss (BCE,
 * HINGE), sampling (LOG_FREQUENCY, UNIFORM, EMPIRICAL), seed, every (steps between progress lines).
 */
public final class TabularGanBench {
    private TabularGanBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("arguments are key=value, not " + arg);
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        DjlRuntime.configure(Path.of(".local/djl-cache"));
        TabularDataset data = new TabularDatasetDefinition(Path.of(a.getOrDefault("file", "data/weka/credit-g.arff")), a.getOrDefault("label", "class"))
                .read();
        int steps = Integer.parseInt(a.getOrDefault("steps", "3000"));
        int every = Integer.parseInt(a.getOrDefault("every", "500"));
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        NumericEncoding encoding = NumericEncoding.valueOf(a.getOrDefault("encoding", "MODE_SPECIFIC"));
        TabularGanSettings settings = TabularGanSettings.defaults(seed)
                .withBatch(Integer.parseInt(a.getOrDefault("batch", "500")), Integer.parseInt(a.getOrDefault("pac", "10")))
                .withLoss(TabularGanSettings.Loss.valueOf(a.getOrDefault("loss", "BCE")))
                .withConditionSampling(TabularGanSettings.ConditionSampling.valueOf(a.getOrDefault("sampling", "LOG_FREQUENCY")));
        System.out.println(data.summary());
        long fitStart = System.nanoTime();
        RowTransform transform = RowTransform.fit(data, encoding);
        System.out.printf("%s transform fitted in %.2f s: %s%n", encoding, (System.nanoTime() - fitStart) / 1e9, transform.summary());
        double[][] real = new double[data.rowCount()][];
        for (int r = 0; r < real.length; r++) real[r] = data.row(r);
        int[] counts = new int[data.schema().classes().size()];
        for (int c = 0; c < counts.length; c++) counts[c] = data.classCount(c);
        try (TabularGanTraining training = new TabularGanTraining(data, transform, settings)) {
            long start = System.nanoTime();
            long evaluationNanos = 0; // progress lines' generation is not training time
            for (int s = 1; s <= steps; s++) {
                GanTraining.StepLosses l = training.trainStep();
                if (s % every == 0 || s == steps) {
                    long evaluationStart = System.nanoTime();
                    double seconds = (evaluationStart - start - evaluationNanos) / 1e9;
                    GeneratedRows rows = training.generate(counts, 12345);
                    System.out.printf("step %d  %.1f s  D %.3f  G %.3f  similarity %.4f%n", s, seconds, l.discriminatorLoss(),
                            l.generatorLoss(), ColumnSimilarity.compare(data.schema(), real, rows.rows()).score());
                    evaluationNanos += System.nanoTime() - evaluationStart;
                }
            }
            double trainingSeconds = (System.nanoTime() - start - evaluationNanos) / 1e9;
            GeneratedRows rows = training.generate(counts, 12345);
            ColumnSimilarity.Report report = ColumnSimilarity.compare(data.schema(), real, rows.rows());
            System.out.printf("RESULT encoding=%s loss=%s steps=%d batch=%d pac=%d seed=%d: similarity %.4f, training %.1f s (%.1f ms/step)%n",
                    encoding, settings.loss(), steps, settings.batchSize(), settings.pac(), seed, report.score(), trainingSeconds,
                    1000 * trainingSeconds / steps);
            System.out.println(report.summary());
        }
    }
}
