package io.synthstream.trainer.jobs;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.ModelVersionPublished.QualityMetrics;
import io.synthstream.contracts.events.TabularVersion;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress.State;
import io.synthstream.contracts.rows.RowSchema;
import io.synthstream.trainer.data.tabular.RowTransform;
import io.synthstream.trainer.data.tabular.TabularDataset;
import io.synthstream.trainer.data.tabular.TabularDatasetDefinition;
import io.synthstream.trainer.evaluation.CandidateRejectedException;
import io.synthstream.trainer.evaluation.VersionCandidate;
import io.synthstream.trainer.evaluation.tabular.LabelledRows;
import io.synthstream.trainer.evaluation.tabular.StratifiedSplits;
import io.synthstream.trainer.evaluation.tabular.TabularSubsets;
import io.synthstream.trainer.evaluation.tabular.TabularVersionEvaluator;
import io.synthstream.trainer.export.ExportCheckFailedException;
import io.synthstream.trainer.export.TabularGeneratorExport;
import io.synthstream.trainer.export.TabularGeneratorExport.ExportedTabularGenerator;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.gan.tabular.TabularGanSettings;
import io.synthstream.trainer.gan.tabular.TabularGanTraining;
import io.synthstream.trainer.publish.VersionSink;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A table job from its file to published versions: reads the table, holds out a stratified validation split, trains
 * the tabular GAN on the rest, and every {@code publishEverySteps} and at the end exports it, measures it on the
 * validation rows, passes it through the tabular gate and publishes it with its {@link TabularVersion}. Checkpoints as an
 * image job does ({@link JobCheckpoint}: every {@code checkpointEverySteps} and after each publication), and a job started
 * again after a crash resumes from its checkpoint.
 */
final class TabularJobRunner {
    private static final Logger LOG = Logger.getLogger(TabularJobRunner.class);
    /** Real rows held out of the GAN's training, which its figures are measured on. */
    static final double VALIDATION_SHARE = 0.2;

    private final TrainerSettings settings;
    private final VersionSink versions;

    TabularJobRunner(TrainerSettings settings, VersionSink versions) {
        this.settings = settings;
        this.versions = versions;
    }

    /** @throws io.synthstream.trainer.data.tabular.TabularDataException when the table cannot be read as the job says */
    List<ModelVersionPublished> run(TrainingJobRequested job, ProgressSink progress) throws IOException {
        TabularDataset table = definition(job).read();
        LabelledRows all = LabelledRows.of(table);
        StratifiedSplits.Split split = StratifiedSplits.holdOut(all.labels(), VALIDATION_SHARE, job.seed());
        LabelledRows training = all.subset(split.train()), validation = all.subset(split.heldOut());
        TabularDataset trainingTable = TabularSubsets.of(table.schema(), training, table.source() + " (training rows)");
        LOG.infof("job %s: %s; GAN trains on %d rows, %d held out", job.jobId(), table.summary(), training.size(), validation.size());
        try (TabularGanTraining gan = new TabularGanTraining(trainingTable, RowTransform.fit(trainingTable, RowTransform.NumericEncoding.MODE_SPECIFIC),
                ganSettings(job))) {
            // resumed from the job's checkpoint when one matches it (same parameters), as an image job is (TrainingJobRunner)
            JobCheckpoint checkpoint = new JobCheckpoint(settings.jobsDir().resolve(job.jobId()));
            long lastPublished = checkpoint.resume(gan, job);
            long resumedAt = gan.step();
            if (resumedAt > 0) LOG.infof("job %s: resuming from checkpoint at step %d", job.jobId(), gan.step());
            List<ModelVersionPublished> published = new ArrayList<>();
            double dLoss = Double.NaN, gLoss = Double.NaN;
            long total = job.steps();
            TrainingPace pace = new TrainingPace(gan.step(), System::nanoTime);
            progress.emit(TrainingJobRunner.event(job, State.RUNNING, gan.step(), null, null, null, null, null, null));
            while (gan.step() < total) {
                GanTraining.StepLosses l = gan.trainStep();
                dLoss = l.discriminatorLoss();
                gLoss = l.generatorLoss();
                long s = l.step();
                if (s % job.progressEverySteps() == 0 || s == total) {
                    progress.emit(TrainingJobRunner.event(job, State.RUNNING, s, dLoss, gLoss, pace.measure(s), null, null, null));
                }
                if ((s % job.publishEverySteps() == 0 || s == total) && s > lastPublished) {
                    progress.emit(TrainingJobRunner.event(job, State.PUBLISHING, s, dLoss, gLoss, null, null, null, null));
                    publish(job, gan, training, validation, progress, dLoss, gLoss).ifPresent(published::add);
                    lastPublished = s;
                    checkpoint.save(gan, job, lastPublished);
                } else if (s % settings.checkpointEverySteps() == 0) {
                    checkpoint.save(gan, job, lastPublished);
                }
            }
            Long last = published.isEmpty() ? null : published.get(published.size() - 1).version();
            progress.emit(TrainingJobRunner.event(job, State.DONE, gan.step(), nullIfNaN(dLoss), nullIfNaN(gLoss), null, 0.0, last,
                    published.isEmpty() && resumedAt >= total ? "already completed" : null));
            return published;
        }
    }

    private Optional<ModelVersionPublished> publish(TrainingJobRequested job, TabularGanTraining gan, LabelledRows training, LabelledRows validation,
                                                    ProgressSink progress, double dLoss, double gLoss) throws IOException {
        long s = gan.step();
        try {
            var folder = settings.jobsDir().resolve(job.jobId()).resolve("candidates").resolve("step-" + s);
            ExportedTabularGenerator exported = TabularGeneratorExport.export(gan, folder);
            TabularVersion rows = TabularVersionEvaluator.evaluate(exported, training, validation, TabularVersionEvaluator.jobSettings(job.seed()),
                    LOG::info);
            QualityMetrics metrics = new QualityMetrics(null, null, null, exported.parityMaxAbsDiff(), s, gLoss, dLoss);
            settings.tabularGate().check(rows, metrics);
            ModelVersionPublished e = versions.publish(job,
                    new VersionCandidate(Files.readAllBytes(exported.onnxFile()), null, exported.contract(), metrics, s, folder, rows));
            LOG.infof("job %s: published %s v%d at step %d, column similarity %.3f, rare-class minority F1 gain %+.3f", job.jobId(), e.modelName(),
                    e.version(), s, rows.columnSimilarity(), rows.rareClassGain().minorityF1Gain());
            progress.emit(TrainingJobRunner.event(job, State.PUBLISHING, s, dLoss, gLoss, null, null, e.version(), null));
            return Optional.of(e);
        } catch (ExportCheckFailedException e) {
            return TrainingJobRunner.notPublished(job, s, dLoss, gLoss, progress, e.getMessage(), null);
        } catch (CandidateRejectedException e) {
            return TrainingJobRunner.notPublished(job, s, dLoss, gLoss, progress, e.getMessage(), e.refusal(s).orElse(null));
        }
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private TabularDatasetDefinition definition(TrainingJobRequested job) {
        Map<String, RowSchema.Kind> kinds = job.columnKinds() == null ? Map.of() : job.columnKinds().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, k -> RowSchema.Kind.valueOf(k.getValue().toUpperCase(Locale.ROOT))));
        return new TabularDatasetDefinition(settings.dataDir().resolve(job.dataset()), job.labelColumn(), kinds, List.of());
    }

    /** CTGAN's settings (TabularGanSettings says which) with what the job sets: seed, batch, latent size, learning rates, loss. */
    static TabularGanSettings ganSettings(TrainingJobRequested job) {
        TabularGanSettings d = TabularGanSettings.defaults(job.seed());
        return new TabularGanSettings(job.seed(), job.batchSize(), TrainingJobRequested.TABULAR_PACK, job.latentSize(), d.generatorWidths(),
                d.discriminatorWidths(), job.generatorLearningRate(), job.discriminatorLearningRate(),
                TrainingJobRequested.LOSS_BCE.equals(job.loss()) ? TabularGanSettings.Loss.BCE : TabularGanSettings.Loss.HINGE,
                d.conditionSampling(), d.gumbelTemperature(), d.dropout());
    }
}
