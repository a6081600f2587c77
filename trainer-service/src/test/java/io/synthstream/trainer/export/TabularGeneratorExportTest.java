package io.synthstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.rows.RowDecoder;
import io.synthstream.contracts.rows.RowEncoding;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.data.tabular.RowTransform;
import io.synthstream.trainer.data.tabular.RowTransform.NumericEncoding;
import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.data.tabular.TabularDatasetDefinition;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.gan.tabular.TabularGanSettings;
import io.synthstream.trainer.gan.tabular.TabularGanTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tabular generator trained a few steps, exported, and run by ONNX Runtime as a service would: the file passes the
 * parity check, its nodes are in imported domains (the file is left in target/portable-onnx/ for the python check),
 * and the contracts' decoder, reading the version's row encoding back from JSON, turns its output into exactly the
 * rows asked for per class, typed as the schema says.
 */
class TabularGeneratorExportTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(NumericEncoding.class)
    void theExportedGraphMatchesDjlAndDecodesToTheRequestedRowsPerClass(NumericEncoding numeric) throws Exception {
        DjlRuntime.configure(null);
        TabularDataset data = table(tmp.resolve("rows.csv"));
        TabularGanSettings settings = TabularGanSettings.defaults(3).withBatch(50, 5).withWidths(16, List.of(32, 32), List.of(32, 32));
        try (TabularGanTraining training = new TabularGanTraining(data, RowTransform.fit(data, numeric), settings)) {
            for (int s = 0; s < 30; s++) training.trainStep();
            var exported = TabularGeneratorExport.export(training, tmp.resolve("candidate"));
            assertTrue(exported.parityMaxAbsDiff() <= GeneratorExport.PARITY_TOLERANCE, "parity " + exported.parityMaxAbsDiff());
            byte[] onnx = Files.readAllBytes(exported.onnxFile());
            Files.createDirectories(PortableOnnxTest.OUT);
            PortableOnnxTest.check("tabular-" + numeric.name().toLowerCase(), onnx);

            // what a consumer has: the version's schema and row encoding as JSON, and the file
            RowSchema schema = EventJson.MAPPER.readValue(EventJson.MAPPER.writeValueAsBytes(exported.schema()), RowSchema.class);
            RowEncoding encoding = EventJson.MAPPER.readValue(EventJson.MAPPER.writeValueAsBytes(exported.encoding()), RowEncoding.class);
            RowDecoder decoder = new RowDecoder(schema, encoding);
            int[] counts = {37, 63};
            int[] labels = new int[100];
            for (int i = 0; i < labels.length; i++) labels[i] = i < counts[0] ? 0 : 1;
            float[] z = GanTraining.gaussian(new SplittableRandom(5), labels.length * settings.latentSize());
            float[] ort;
            try (GeneratorSession session = exported.open()) {
                ort = session.generate(z, labels);
            }
            float[] djl = training.activatedOutput(labels, z);
            assertTrue(TabularGeneratorExport.maxAbsDiff(djl, ort) <= GeneratorExport.PARITY_TOLERANCE);
            assertNull(TabularGeneratorExport.firstDifferingRow(decoder, djl, ort, labels.length));
            int[] perClass = new int[2];
            SplittableRandom draws = new SplittableRandom(9);
            for (int r = 0; r < labels.length; r++) {
                double[] row = decoder.decode(ort, r * decoder.width(), draws);
                perClass[labels[r]]++;
                assertTyped(schema, data, row);
            }
            assertArrayEquals(counts, perClass);
            assertEquals(training.transform().width(), decoder.width());
        }
    }

    private static void assertTyped(RowSchema schema, TabularDataset data, double[] row) {
        for (int c = 0; c < row.length; c++) {
            RowSchema.Column column = schema.columns().get(c);
            double[] real = data.column(c);
            if (column.numeric()) {
                double min = java.util.Arrays.stream(real).min().orElseThrow(), max = java.util.Arrays.stream(real).max().orElseThrow();
                assertTrue(row[c] >= min && row[c] <= max, column.name() + " " + row[c]);
                if (column.integral()) assertEquals(Math.rint(row[c]), row[c], 0, column.name());
            } else {
                assertEquals(Math.rint(row[c]), row[c], 0, column.name());
                assertTrue(row[c] >= 0 && row[c] < column.categories().size(), column.name() + " " + row[c]);
            }
        }
    }

    /** 300 rows: a bimodal amount, an integral age, a colour and a flag, two classes. */
    static TabularDataset table(Path file) throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        StringBuilder csv = new StringBuilder("amount,color,age,flag,cls\n");
        String[] colors = {"red", "green", "blue"};
        for (int i = 0; i < 300; i++) {
            boolean rare = i % 4 == 0;
            double amount = rnd.nextBoolean() ? 100 + 10 * rnd.nextGaussian() : 300 + 20 * rnd.nextGaussian();
            csv.append(String.format("%.2f,%s,%d,%s,%s%n", amount + (rare ? 500 : 0), colors[rnd.nextInt(rare ? 3 : 2)], 18 + rnd.nextInt(50),
                    rnd.nextInt(4) == 0 ? "y" : "n", rare ? "rare" : "common"));
        }
        Files.writeString(file, csv);
        return new TabularDatasetDefinition(file, "cls").read();
    }
}
