package io.synthstream.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.testing.SyntheticMnist;
import io.synthstream.trainer.evaluation.AugmentationGainMeter;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.publish.LocalVersionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentationGainJobTest {
    @TempDir
    Path tmp;

    @Test
    void aVersionOfAUsersLabelledDataCarriesItsAugmentationGainMeasuredOnAValidationSplit() throws Exception {
        DjlRuntime.configure(null);
        SyntheticMnist.write(tmp.resolve("data"), 20, 10); // 200 labelled training images
        var gain = new AugmentationGainMeter.Settings(2, 15, 16, 0.5, 10, 0.2);
        var settings = new TrainerSettings(tmp.resolve("data"), tmp.resolve("work"), 100, 1,
                io.synthstream.trainer.evaluation.QualityGate.OPEN, 0, 0, gain);
        TrainingJobRunner runner = new TrainingJobRunner(settings, new LocalVersionStore(settings.modelsDir()));
        try {
            var job = new TrainingJobRequested("gain-1", "mnist", null, "gain-model", 20, 16, null, null, 8, 1L, 20, 10, 5, null);
            var published = runner.run(job, p -> { });
            assertEquals(1, published.size());
            ModelVersionPublished.AugmentationGain g = published.get(0).metrics().augmentationGain();
            assertNotNull(g, "measured for a labelled set under " + TrainingJobRunner.MAX_LABELS_FOR_AUGMENTATION_GAIN + " images");
            assertEquals(2, g.seeds());
            assertEquals(40, g.validationImages(), "a fifth of each class held out");
            assertEquals(160, g.realImages());
            assertEquals(100, g.syntheticSamples(), "10 samples per class");
            assertTrue(g.realOnlyAccuracy() >= 0 && g.realOnlyAccuracy() <= 1 && g.augmentedAccuracy() >= 0 && g.augmentedAccuracy() <= 1);
            assertEquals(100 * (g.augmentedAccuracy() - g.realOnlyAccuracy()), g.gainPoints(), 1e-9, "the mean of the per-seed differences");
            assertTrue(Double.isFinite(g.spreadPoints()) && g.spreadPoints() >= 0);
            // the kept version.json carries it too
            var kept = EventJson.MAPPER.readValue(LocalVersionStore.folder(settings.modelsDir(), published.get(0)).resolve("version.json").toFile(),
                    ModelVersionPublished.class);
            assertEquals(g, kept.metrics().augmentationGain());
        } finally {
            runner.close();
        }
    }

    @Test
    void noGainIsMeasuredWhenTheSettingsTurnItOff() throws Exception {
        DjlRuntime.configure(null);
        SyntheticMnist.write(tmp.resolve("data"), 20, 10);
        var settings = new TrainerSettings(tmp.resolve("data"), tmp.resolve("work"), 100, 1);
        TrainingJobRunner runner = new TrainingJobRunner(settings, new LocalVersionStore(settings.modelsDir()));
        try {
            var published = runner.run(new TrainingJobRequested("gain-2", "mnist", null, "gain-off", 10, 16, null, null, 8, 1L, 10, 10, 5, null),
                    p -> { });
            assertNull(published.get(0).metrics().augmentationGain());
        } finally {
            runner.close();
        }
    }
}
