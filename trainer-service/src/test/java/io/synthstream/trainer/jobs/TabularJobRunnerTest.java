package io.synthstream.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.events.TrainingProgress.State;
import io.synthstream.trainer.evaluation.tabular.LabelledRows;
import io.synthstream.trainer.evaluation.tabular.TabularQualityGate;
import io.synthstream.trainer.evaluation.tabular.TabularVersionEvaluator;
import io.synthstream.trainer.export.GeneratorExport;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.publish.LocalVersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table job on credit-g, through the same runner, sink and events as image jobs. */
class TabularJobRunnerTest {
    static final Path DATA = Path.of("..", "data");

    @TempDir
    Path tmp;

    static TrainingJobRequested job(String id, String label) {
        return new TrainingJobRequested(id, "weka/credit-g.arff", null, "credit", 20, 100, null, null, 16, 3L, null, 10, null, null, null,
                null, null, null, label, null, null);
    }

    @Test
    void aTableJobPublishesAVersionWhoseEventDecodesTheOnnxOutputIntoRowsOfTheAskedClasses() throws Exception {
        DjlRuntime.configure(null);
        // 20 steps make rows no better than real ones alone (the gate refuses them, as the next test shows): the gate is open here
        var settings = new TrainerSettings(DATA, tmp.resolve("work"), 1000, 1, io.synthstream.trainer.evaluation.QualityGate.OPEN, 0, 0, null,
                new TabularQualityGate(-1.0));
        TrainingJobRunner runner = new TrainingJobRunner(settings, new LocalVersionStore(settings.modelsDir()));
        List<TrainingProgress> progress = new ArrayList<>();
        List<ModelVersionPublished> published = runner.run(job("table-1", "class"), progress::add);
        runner.close();
        assertEquals(State.DONE, progress.get(progress.size() - 1).state(), progress.toString());
        assertEquals(1, published.size(), progress.toString());
        Path kept = LocalVersionStore.folder(settings.modelsDir(), published.get(0));
        // what a consumer has: the event as written, and the artifact
        ModelVersionPublished event = EventJson.fromBytes(Files.readAllBytes(kept.resolve("version.json")), ModelVersionPublished.class);
        assertNotNull(event.rows());
        assertNull(event.preview());
        assertEquals(List.of("good", "bad"), event.rows().schema().classes());
        assertEquals(List.of(event.rows().encoding().width()), event.contract().sampleShape());
        assertEquals(200, event.rows().validationRows());
        // the charts' figures: every column's real and synthetic shares, in schema order, small enough for the event
        var distributions = event.rows().columnDistributions();
        assertEquals(event.rows().schema().columnNames(), distributions.stream().map(d -> d.column()).toList());
        for (var d : distributions) {
            int bars = d.numeric() ? d.binEdges().size() - 1 : d.categories().size();
            assertTrue(bars >= 1 && bars <= 21 && d.real().size() == bars && d.synthetic().size() == bars, d.toString());
            assertEquals(1, d.real().stream().mapToDouble(Double::doubleValue).sum(), 1e-3, d.column());
            assertEquals(1, d.synthetic().stream().mapToDouble(Double::doubleValue).sum(), 1e-3, d.column());
        }
        assertEquals(event.rows().columnSimilarity(), distributions.stream().mapToDouble(d -> d.similarity()).average().orElseThrow(), 1e-3);
        int distributionBytes = EventJson.MAPPER.writeValueAsBytes(distributions).length;
        assertTrue(distributionBytes < 12_000, distributionBytes + " bytes of distributions in the event");
        try (GeneratorSession session = new GeneratorSession(kept.resolve(GeneratorExport.ONNX_FILE), event.contract().latentSize())) {
            LabelledRows rows = TabularVersionEvaluator.generate(session, event.rows().decoder(), event.contract().latentSize(), new int[] {3, 5}, 1);
            assertEquals(8, rows.size());
            assertEquals(1, rows.labels()[7], "the last 5 rows are of class 1, bad");
            var schema = event.rows().schema();
            for (double[] row : rows.rows()) {
                assertEquals(schema.columns().size(), row.length);
                for (int c = 0; c < row.length; c++) {
                    var column = schema.columns().get(c);
                    if (!column.numeric()) assertTrue(row[c] >= 0 && row[c] < column.categories().size(), column.name() + " " + row[c]);
                    else assertTrue(Double.isFinite(row[c]), column.name());
                }
            }
        }
    }

    @Test
    void aVersionThatFailsTheRareClassGainIsNotPublishedAndAMissingLabelColumnFailsTheJob() throws Exception {
        DjlRuntime.configure(null);
        // no version can add a whole point of minority F1: the gate refuses it
        var settings = new TrainerSettings(DATA, tmp.resolve("work"), 1000, 1, io.synthstream.trainer.evaluation.QualityGate.OPEN, 0, 0, null,
                new TabularQualityGate(1.0));
        var store = new LocalVersionStore(settings.modelsDir());
        TrainingJobRunner runner = new TrainingJobRunner(settings, store);
        List<TrainingProgress> progress = new ArrayList<>();
        assertTrue(runner.run(job("table-2", "class"), progress::add).isEmpty());
        assertTrue(progress.stream().anyMatch(p -> p.refusedCandidate() != null && p.reason().contains("rare-class minority F1 gain")),
                progress.toString());
        assertTrue(store.newest("credit").isEmpty());

        List<TrainingProgress> failed = new ArrayList<>();
        runner.run(job("table-3", "no_such_column"), failed::add);
        runner.close();
        TrainingProgress last = failed.get(failed.size() - 1);
        assertEquals(State.FAILED, last.state());
        assertTrue(last.reason().contains("no_such_column"), last.reason());
    }

    @Test
    void aTableJobStoppedMidwayResumesFromItsCheckpoint() throws Exception {
        DjlRuntime.configure(null);
        // a checkpoint every 10 steps; the gate open (20 steps: see the first test)
        var settings = new TrainerSettings(DATA, tmp.resolve("work"), 10, 1, io.synthstream.trainer.evaluation.QualityGate.OPEN, 0, 0, null,
                new TabularQualityGate(-1.0));
        var store = new LocalVersionStore(settings.modelsDir());
        TrainingJobRunner runner = new TrainingJobRunner(settings, store);
        // the trainer dies at step 20, after the checkpoint of step 10 and before the version of step 20
        List<TrainingProgress> first = new ArrayList<>();
        boolean[] crashed = {false};
        runner.run(job("table-resume", "class"), p -> {
            if (!crashed[0] && p.state() == State.RUNNING && p.step() == 20) {
                crashed[0] = true;
                throw new IllegalStateException("the trainer stopped");
            }
            first.add(p);
        });
        assertEquals(State.FAILED, first.get(first.size() - 1).state(), first.toString());
        assertTrue(store.newest("credit").isEmpty(), "nothing published before the crash");

        List<TrainingProgress> again = new ArrayList<>();
        List<ModelVersionPublished> published = runner.run(job("table-resume", "class"), again::add);
        assertEquals(State.RUNNING, again.get(0).state());
        assertEquals(10, again.get(0).step(), "resumed from the checkpoint of step 10: " + again);
        assertEquals(State.DONE, again.get(again.size() - 1).state(), again.toString());
        assertEquals(1, published.size(), again.toString());
        assertEquals(20, published.get(0).metrics().trainingSteps());

        // the same job once more: already completed, nothing trained or published again
        List<TrainingProgress> third = new ArrayList<>();
        assertTrue(runner.run(job("table-resume", "class"), third::add).isEmpty());
        runner.close();
        TrainingProgress done = third.get(third.size() - 1);
        assertEquals(State.DONE, done.state(), third.toString());
        assertEquals("already completed", done.reason());
        assertEquals(2, third.size(), "RUNNING at step 20, then DONE: " + third);
    }
}
