package io.synthstream.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.events.TrainingProgress.State;
import io.synthstream.testing.SyntheticMnist;
import io.synthstream.trainer.export.GeneratorExport;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.publish.LocalVersionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void aTrainerKilledMidJobResumesFromItsCheckpoint() throws Exception {
        DjlRuntime.configure(null);
        SyntheticMnist.write(tmp.resolve("data"), 20, 10);
        var settings = new TrainerSettings(tmp.resolve("data"), tmp.resolve("work"), 20, 1);
        var job = new TrainingJobRequested("resume-1", "mnist", null, "resume-model", 60, 16, null, null, 8, 1L, 60, 10, 5, null);

        // First run: the process "dies" at step 50 (after the checkpoint at 40).
        List<TrainingProgress> first = new ArrayList<>();
        TrainingJobRunner runner = new TrainingJobRunner(settings, new LocalVersionStore(settings.modelsDir()));
        runner.run(job, p -> {
            if (p.step() == 50 && p.state() == State.RUNNING) throw new IllegalStateException("killed");
            first.add(p);
        });
        runner.close();
        assertEquals(State.FAILED, first.get(first.size() - 1).state());

        // Second run of the same job: starts at 40, not 0, and finishes.
        List<TrainingProgress> second = new ArrayList<>();
        TrainingJobRunner again = new TrainingJobRunner(settings, new LocalVersionStore(settings.modelsDir()));
        var versions = again.run(job, second::add);
        again.close();
        assertEquals(State.RUNNING, second.get(0).state());
        assertEquals(40, second.get(0).step(), second.toString());
        assertEquals(State.DONE, second.get(second.size() - 1).state());
        assertEquals(1, versions.size());
        Path kept = LocalVersionStore.folder(settings.modelsDir(), versions.get(0));
        assertTrue(Files.size(kept.resolve(GeneratorExport.ONNX_FILE)) > 1000);
        assertTrue(Files.exists(kept.resolve("grid.png")));
        assertTrue(Files.exists(kept.resolve("version.json")));

        // Delivered once more after it finished (e.g. an offset commit lost): nothing is redone or republished.
        List<TrainingProgress> third = new ArrayList<>();
        TrainingJobRunner once = new TrainingJobRunner(settings, new LocalVersionStore(settings.modelsDir()));
        assertTrue(once.run(job, third::add).isEmpty());
        once.close();
        assertEquals(State.DONE, third.get(third.size() - 1).state());
        assertEquals("already completed", third.get(third.size() - 1).reason());
    }

    @Test
    void theQualityGateKeepsVersionsThatAreNotBetterFromGoingLive() throws Exception {
        DjlRuntime.configure(null);
        SyntheticMnist.write(tmp.resolve("data"), 20, 10);
        var gated = new TrainerSettings(tmp.resolve("data"), tmp.resolve("work"), 100, 1,
                new io.synthstream.trainer.evaluation.QualityGate(0.0, 0.0, Double.POSITIVE_INFINITY, true), 200, 1, null);
        var store = new LocalVersionStore(gated.modelsDir());
        TrainingJobRunner runner = new TrainingJobRunner(gated, store);
        try {
            var first = runner.run(job("gate-1"), p -> { });
            assertEquals(1, first.size(), "nothing live yet: the first version goes live");
            // the same training again reaches the same fidelity: it does not beat the live version
            List<TrainingProgress> progress = new ArrayList<>();
            assertTrue(runner.run(job("gate-2"), progress::add).isEmpty());
            assertTrue(progress.stream().anyMatch(p -> p.reason() != null
                    && p.reason().contains("refused by the quality gate: TSTR accuracy")
                    && p.reason().contains("does not beat the live v1")), progress.toString());
            assertEquals(1L, store.newest("gate-model").orElseThrow().version(), "v1 stays the newest");
        } finally {
            runner.close();
        }
        // no generator can be this close to real data: every candidate is refused, with its figures
        var strict = new TrainerSettings(tmp.resolve("data"), tmp.resolve("work2"), 100, 1,
                new io.synthstream.trainer.evaluation.QualityGate(0.0, 0.0, 1e-9, false), 200, 1, null);
        TrainingJobRunner strictRunner = new TrainingJobRunner(strict, new LocalVersionStore(strict.modelsDir()));
        try {
            List<TrainingProgress> progress = new ArrayList<>();
            assertTrue(strictRunner.run(job("gate-3"), progress::add).isEmpty());
            assertTrue(progress.stream().anyMatch(p -> p.reason() != null && p.reason().contains("> allowed 0.000") && p.reason().contains("TSTR ")), progress.toString());
            assertEquals(TrainingProgress.State.DONE, progress.get(progress.size() - 1).state());
        } finally {
            strictRunner.close();
        }
    }

    @Test
    void aUsersImageFolderTrainsAConditionalDcganAtItsDeclaredShape() throws Exception {
        DjlRuntime.configure(null);
        Path folder = tmp.resolve("data/images/glyphs");
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 12; i++) {
                io.synthstream.trainer.data.ImageFolderDatasetTest.image(folder.resolve("class-" + c + "/" + i + ".png"), 24, 24,
                        java.awt.image.BufferedImage.TYPE_INT_RGB, new java.awt.Color(80 * c + 60, 255 - 60 * c, 40 * c));
            }
        }
        var settings = new TrainerSettings(tmp.resolve("data"), tmp.resolve("work-images"), 100, 1);
        var store = new LocalVersionStore(settings.modelsDir());
        TrainingJobRunner runner = new TrainingJobRunner(settings, store);
        try {
            var job = new TrainingJobRequested("images-1", "images/glyphs", TrainingJobRequested.ARCH_CONDITIONAL_DCGAN, null, 6, 8, null,
                    null, 8, 1L, 6, 3, 4, 16, 12, null);
            List<TrainingProgress> progress = new ArrayList<>();
            var published = runner.run(job, progress::add);
            assertEquals(1, published.size(), progress.toString());
            var v = published.get(0);
            assertEquals("images-glyphs-conditional-dcgan", v.modelName());
            assertEquals(List.of(3, 16, 12), v.contract().sampleShape(), "the folder's images are in colour: an RGB generator");
            assertEquals(List.of("class-0", "class-1", "class-2"), v.contract().classNames());
            assertEquals(3, v.contract().numClasses());

            List<TrainingProgress> bad = new ArrayList<>();
            assertTrue(runner.run(new TrainingJobRequested("images-2", "images/glyphs", TrainingJobRequested.ARCH_CONDITIONAL_DCGAN, null, 6,
                    8, null, null, 8, 1L, 6, 3, 4, 18, 12, null), bad::add).isEmpty());
            assertTrue(bad.get(bad.size() - 1).reason().contains("multiples of 4"), bad.toString());
            assertTrue(runner.run(new TrainingJobRequested("images-3", "images/nope", null, null, 6, 8, null, null, 8, 1L, 6, 3, 4, null,
                    null, null), bad::add).isEmpty());
            assertTrue(bad.get(bad.size() - 1).reason().contains("no image folder"), bad.toString());
        } finally {
            runner.close();
        }
    }

    @Test
    void anInt8JobPublishesItsQuantizedArtifactWithTheFiguresMeasuredOnIt() throws Exception {
        DjlRuntime.configure(null);
        SyntheticMnist.write(tmp.resolve("data"), 20, 10);
        var settings = new TrainerSettings(tmp.resolve("data"), tmp.resolve("work"), 20, 1);
        TrainingJobRunner runner = new TrainingJobRunner(settings, new LocalVersionStore(settings.modelsDir()));
        try {
            var job = new TrainingJobRequested("int8-1", "mnist", null, "int8-model", 20, 16, null, null, 8, 1L, 20, 10, 5, null, null,
                    TrainingJobRequested.PRECISION_INT8, null);
            var versions = runner.run(job, p -> { });
            assertEquals(1, versions.size());
            var v = versions.get(0);
            assertEquals(TrainingJobRequested.PRECISION_INT8, v.contract().precision());
            assertTrue(v.metrics().quantizationMeanAbsDiff() > 0, v.metrics().toString());
            byte[] published = Files.readAllBytes(LocalVersionStore.folder(settings.modelsDir(), v).resolve(GeneratorExport.ONNX_FILE));
            assertTrue(new String(published, java.nio.charset.StandardCharsets.ISO_8859_1).contains("MatMulInteger"), "the int8 graph is what is kept");
        } finally {
            runner.close();
        }
    }

    private static TrainingJobRequested job(String id) {
        return new TrainingJobRequested(id, "mnist", null, "gate-model", 20, 16, null, null, 8, 3L, 20, 10, 5, null);
    }
}
