package io.synthstream.trainer.gan.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.data.tabular.RowTransform;
import io.synthstream.trainer.data.tabular.RowTransform.NumericEncoding;
import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.data.tabular.TabularDatasetDefinition;
import io.synthstream.trainer.evaluation.ColumnSimilarity;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.gan.GanTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularGanTrainingTest {
    @TempDir
    static Path tmp;
    static TabularDataset data;

    /** 400 rows, 15 % of them the rare class, whose amounts, colours and flags differ from the common one's. */
    @BeforeAll
    static void data() throws Exception {
        DjlRuntime.configure(null);
        SplittableRandom rnd = new SplittableRandom(7);
        StringBuilder csv = new StringBuilder("amount,color,age,flag,cls\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 400; i++) {
            boolean rare = i % 20 < 3;
            double amount = rare ? 900 + 50 * rnd.nextGaussian() : rnd.nextBoolean() ? 100 + 10 * rnd.nextGaussian() : 300 + 20 * rnd.nextGaussian();
            String color = rare ? colors[2] : colors[rnd.nextInt(2)];
            csv.append(String.format("%.2f,%s,%d,%s,%s%n", amount, color, 18 + rnd.nextInt(50), rnd.nextInt(4) == 0 ? "y" : "n",
                    rare ? "rare" : "common"));
        }
        Path file = tmp.resolve("rows.csv");
        Files.writeString(file, csv);
        data = new TabularDatasetDefinition(file, "cls").read();
    }

    static TabularGanSettings settings(long seed) {
        return TabularGanSettings.defaults(seed).withBatch(50, 5).withWidths(16, List.of(32, 32), List.of(32, 32));
    }

    static TabularGanTraining training(long seed) {
        return new TabularGanTraining(data, RowTransform.fit(data, NumericEncoding.MODE_SPECIFIC), settings(seed));
    }

    static float[] losses(TabularGanTraining t, int steps) {
        float[] out = new float[2 * steps];
        for (int i = 0; i < steps; i++) {
            GanTraining.StepLosses l = t.trainStep();
            out[2 * i] = l.discriminatorLoss();
            out[2 * i + 1] = l.generatorLoss();
        }
        return out;
    }

    @Test
    void aTrainedModelGivesExactlyTheRequestedRowsPerClassOfTheDeclaredKinds() {
        try (TabularGanTraining t = training(1)) {
            double[] p = t.conditionProbabilities();
            assertTrue(p[data.schema().classIndex("rare")] > 0.15 + 0.1, "log-frequency sampling favours the rare class");
            losses(t, 200);
            int[] counts = new int[data.schema().classes().size()];
            counts[data.schema().classIndex("common")] = 37;
            counts[data.schema().classIndex("rare")] = 1003; // more than one generation batch
            GeneratedRows rows = t.generate(counts, 5);
            assertEquals(1040, rows.size());
            int[] perClass = new int[counts.length];
            for (int label : rows.labels()) perClass[label]++;
            assertArrayEquals(counts, perClass);
            RowSchema schema = data.schema();
            for (double[] row : rows.rows()) {
                for (int c = 0; c < row.length; c++) {
                    RowSchema.Column column = schema.columns().get(c);
                    double[] real = data.column(c);
                    if (column.numeric()) {
                        assertTrue(row[c] >= min(real) && row[c] <= max(real), column.name() + " " + row[c]);
                        if (column.integral()) assertEquals(Math.rint(row[c]), row[c], 0);
                    } else {
                        assertEquals(Math.rint(row[c]), row[c], 0);
                        assertTrue(row[c] >= 0 && row[c] < column.categories().size(), column.name() + " " + row[c]);
                    }
                }
            }
            // the rare class's generated colours should mostly be its own (blue), learned in 200 steps
            int blue = schema.column("color").categories().indexOf("blue");
            long rareBlue = java.util.stream.IntStream.range(0, rows.size())
                    .filter(i -> rows.labels()[i] == schema.classIndex("rare") && rows.rows()[i][1] == blue).count();
            double[][] realRows = java.util.stream.IntStream.range(0, data.rowCount()).mapToObj(data::row).toArray(double[][]::new);
            var similarity = ColumnSimilarity.compare(schema, realRows, t.generate(new int[] {340, 60}, 9).rows());
            System.out.println("rare rows coloured blue: " + rareBlue + " / 1003; " + similarity.summary());
            assertTrue(similarity.score() > 0.6, similarity.summary());
        }
    }

    @Test
    void sameSeedTrainsTheSame() {
        float[] a, b;
        try (TabularGanTraining t = training(3)) {
            a = losses(t, 5);
        }
        try (TabularGanTraining t = training(3)) {
            b = losses(t, 5);
        }
        assertArrayEquals(a, b);
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne() throws Exception {
        float[] uninterrupted;
        float[] rawUninterrupted;
        int[] labels = {0, 1, 1};
        float[] z = GanTraining.gaussian(new SplittableRandom(11), labels.length * 16);
        try (TabularGanTraining t = training(4)) {
            uninterrupted = losses(t, 8);
            rawUninterrupted = t.rawOutput(labels, z);
        }
        Path checkpoint = Files.createDirectories(tmp.resolve("checkpoint"));
        float[] resumed = new float[16];
        try (TabularGanTraining t = training(4)) {
            System.arraycopy(losses(t, 4), 0, resumed, 0, 8);
            t.save(checkpoint);
        }
        try (TabularGanTraining t = training(99)) { // other initial weights: all must come from the checkpoint
            t.restore(checkpoint, 4);
            System.arraycopy(losses(t, 4), 0, resumed, 8, 8);
            assertEquals(8, t.step());
        }
        // the seed steers the per-step draws, so resume with the job's seed
        try (TabularGanTraining t = training(4)) {
            t.restore(checkpoint, 4);
            System.arraycopy(losses(t, 4), 0, resumed, 8, 8);
            assertArrayEquals(uninterrupted, resumed);
            assertArrayEquals(rawUninterrupted, t.rawOutput(labels, z));
        }
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElseThrow();
    }
}
