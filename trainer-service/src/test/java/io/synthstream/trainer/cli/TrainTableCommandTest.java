package io.synthstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./synthstream train} on a table: the options a table job takes, and the job run in process to a kept version. */
class TrainTableCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainRunsATableJobInProcessToAVersionWithItsRows() throws Exception {
        int exit = TrainerCli.commandLine().execute("train", "--dataset", "weka/credit-g.arff", "--label-column", "class",
                "--column-kind", "duration=numeric", "--steps", "20", "--batch-size", "100", "--latent", "16", "--progress-every", "10",
                "--no-gate", "--data-dir", Path.of("..", "data").toString(), "--work-dir", tmp.toString(),
                "--djl-cache-dir", Path.of("..", ".local", "djl-cache").toString());
        assertEquals(0, exit);
        List<Path> kept;
        try (Stream<Path> files = Files.walk(tmp.resolve("models"))) {
            kept = files.filter(p -> p.getFileName().toString().equals("version.json")).toList();
        }
        assertEquals(1, kept.size(), kept.toString());
        ModelVersionPublished v = EventJson.fromBytes(Files.readAllBytes(kept.get(0)), ModelVersionPublished.class);
        assertEquals("credit-g-conditional-tabular", v.modelName());
        assertNotNull(v.rows(), "a table's version describes its rows");
        assertEquals(List.of("good", "bad"), v.rows().schema().classes());
    }

    @Test
    void tableOptionsMapOntoTheJobAndItsOwnRulesRefuseABadOne() {
        var train = new TrainerCli.Train();
        new CommandLine(train).parseArgs("--dataset", "weka/credit-g.arff", "--label-column", "class",
                "--column-kind", "age=categorical", "--column-kind", "duration=NUMERIC");
        TrainingJobRequested job = train.options.job();
        assertEquals("class", job.labelColumn());
        assertEquals(Map.of("age", "categorical", "duration", "NUMERIC"), job.columnKinds());
        assertTrue(job.tableDataset());

        // what TrainingJobRequested.problems() says, as a usage error (exit 2), before anything runs
        for (String[] bad : List.of(new String[] {"train", "--dataset", "weka/credit-g.arff"},
                new String[] {"submit", "--dataset", "weka/credit-g.arff", "--label-column", "class", "--column-kind", "age=ordinal"},
                new String[] {"train", "--dataset", "mnist", "--label-column", "class"})) {
            StringWriter err = new StringWriter();
            int exit = TrainerCli.commandLine().setErr(new PrintWriter(err)).execute(bad);
            assertEquals(2, exit, String.join(" ", bad) + ": " + err);
            assertTrue(err.toString().contains("invalid job: "), err.toString());
        }
    }
}
