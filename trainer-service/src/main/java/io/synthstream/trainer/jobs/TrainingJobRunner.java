package io.synthstream.trainer.jobs;

import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.contracts.events.TrainingProgress.RefusedCandidate;
import io.synthstream.contracts.events.TrainingProgress.State;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.data.DatasetException;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.evaluation.AugmentationGainMeter;
import io.synthstream.trainer.evaluation.CandidateRejectedException;
import io.synthstream.trainer.evaluation.ReferenceClassifier;
import io.synthstream.trainer.evaluation.VersionCandidate;
import io.synthstream.trainer.evaluation.VersionEvaluator;
import io.synthstream.trainer.export.ExportCheckFailedException;
import io.synthstream.trainer.export.ExportedGenerator;
import io.synthstream.trainer.export.GeneratorExport;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.GanArchitecture;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.publish.VersionSink;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs one training job from request to published versions: validates it, loads the data, resumes
 * from a checkpoint when one matches, trains, reports progress, and publishes a checked version every
 * {@code publishEverySteps} and at the end. Shared by the Kafka service and the offline CLI. A job
 * that cannot run ends with a FAILED progress event whose reason says why; nothing is thrown.
 */
public final class TrainingJobRunner {
    private static final Logger LOG = Logger.getLogger(TrainingJobRunner.class);

    /**
     * The augmentation gain is measured for a user's labelled data up to this size (the few-labels case
     * augmentation is for; ~1 min on 2 cores). With MNIST's 60 000 labels synthetic samples are not what a
     * classifier lacks: there `./synthstream bench-augmentation` measures the few-labels curve.
     */
    public static final int MAX_LABELS_FOR_AUGMENTATION_GAIN = 10_000;

    private final TrainerSettings settings;
    private final DatasetCatalog catalog;
    private final VersionSink versions;
    private final Map<String, ReferenceClassifier> references = new ConcurrentHashMap<>();
    private final TabularJobRunner tables;

    public TrainingJobRunner(TrainerSettings settings, VersionSink versions) {
        this.settings = settings;
        this.catalog = new DatasetCatalog(settings.dataDir());
        this.versions = versions;
        this.tables = new TabularJobRunner(settings, versions);
    }

    /** Runs the job to its end; returns the versions it published. */
    public List<ModelVersionPublished> run(TrainingJobRequested request, ProgressSink progress) {
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            return fail(progress, request.jobId(), "invalid job: " + String.join("; ", problems));
        }
        TrainingJobRequested job = request.withDefaults();
        try {
            if (job.tableDataset()) return tables.run(job, progress);
            DatasetCatalog.requireKnown(job.dataset());
            DatasetCatalog.Split data = catalog.load(job);
            GanShape shape = GanShape.of(job.latentSize(), data.train());
            GanArchitecture arch = GanArchitecture.named(job.architecture());
            arch.requireSupported(shape);
            // a user's folder may change between jobs: its reference classifier is not kept in memory
            // (ReferenceClassifier's disk cache is keyed by the data's fingerprint)
            boolean keep = !job.imageFolderDataset();
            ReferenceClassifier reference = keep ? reference(job.dataset(), data) : newReference(job.dataset(), data);
            try (GanTraining training = new GanTraining(arch, shape, job, data.train())) {
                return train(job, training, reference, data, progress);
            } finally {
                if (!keep) reference.close();
            }
        } catch (DatasetException | IllegalArgumentException e) {
            return fail(progress, job.jobId(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "job %s failed", job.jobId());
            return fail(progress, job.jobId(), "training failed: " + e);
        }
    }

    private List<ModelVersionPublished> train(TrainingJobRequested job, GanTraining training, ReferenceClassifier reference,
                                              DatasetCatalog.Split data, ProgressSink progress) throws IOException {
        JobCheckpoint checkpoint = new JobCheckpoint(settings.jobsDir().resolve(job.jobId()));
        long lastPublished = checkpoint.resume(training, job);
        long resumedAt = training.step();
        if (resumedAt > 0) LOG.infof("job %s: resuming from checkpoint at step %d", job.jobId(), training.step());
        long total = job.steps();
        List<ModelVersionPublished> published = new ArrayList<>();
        double dLoss = Double.NaN, gLoss = Double.NaN;
        TrainingPace pace = new TrainingPace(training.step(), System::nanoTime);
        progress.emit(event(job, State.RUNNING, training.step(), null, null, null, null, null, null));
        while (training.step() < total) {
            GanTraining.StepLosses l = training.trainStep();
            dLoss = l.discriminatorLoss();
            gLoss = l.generatorLoss();
            long s = l.step();
            if (s % job.progressEverySteps() == 0 || s == total) {
                double rate = pace.measure(s);
                progress.emit(event(job, State.RUNNING, s, dLoss, gLoss, rate,
                        pace.secondsLeft(s, total, job.publishEverySteps(), lastPublished), null, null));
            }
            boolean publishNow = (s % job.publishEverySteps() == 0 || s == total) && s > lastPublished;
            if (publishNow) {
                progress.emit(event(job, State.PUBLISHING, s, dLoss, gLoss, pace.stepsPerSecond(),
                        pace.secondsLeft(s, total, job.publishEverySteps(), lastPublished), null, null));
                pace.pauseStarted();
                publish(job, training, reference, data, progress, dLoss, gLoss).ifPresent(published::add);
                lastPublished = s;
                checkpoint.save(training, job, lastPublished);
                pace.pauseEnded(true);
            } else if (s % settings.checkpointEverySteps() == 0) {
                pace.pauseStarted();
                checkpoint.save(training, job, lastPublished);
                pace.pauseEnded(false);
            }
        }
        Long lastVersion = published.isEmpty() ? null : published.get(published.size() - 1).version();
        progress.emit(event(job, State.DONE, training.step(), nullIfNaN(dLoss), nullIfNaN(gLoss), nullIfNaN(pace.stepsPerSecond()), 0.0, lastVersion,
                published.isEmpty() && resumedAt >= total ? "already completed" : null));
        return published;
    }

    /** One version's path after training: export → evaluation (+ augmentation gain) → quality gate → publish. */
    private java.util.Optional<ModelVersionPublished> publish(TrainingJobRequested job, GanTraining training, ReferenceClassifier reference,
                                                              DatasetCatalog.Split data, ProgressSink progress, double dLoss, double gLoss)
            throws IOException {
        long s = training.step();
        try {
            ExportedGenerator exported = GeneratorExport.export(training,
                    settings.jobsDir().resolve(job.jobId()).resolve("candidates").resolve("step-" + s), job.precision());
            VersionCandidate c = new VersionEvaluator(reference, data, settings.tstrSamples(), settings.tstrEpochs())
                    .evaluate(exported, job.fidelitySamplesPerClass());
            var m = c.metrics().withLosses(gLoss, dLoss);
            if (settings.augmentationGain() != null && data.train().size() <= MAX_LABELS_FOR_AUGMENTATION_GAIN) {
                try (GeneratorSession session = exported.open()) {
                    m = m.withAugmentationGain(AugmentationGainMeter.measure(session, training.shape(), data.train(),
                            settings.augmentationGain()));
                }
                LOG.infof("job %s: augmentation gain at step %d: %+.2f points (± %.2f) on %d validation images", job.jobId(), s,
                        m.augmentationGain().gainPoints(), m.augmentationGain().spreadPoints(), m.augmentationGain().validationImages());
            }
            c = new VersionCandidate(c.onnx(), c.previewPng(), c.contract(), m, s, c.folder());
            settings.gate().check(job.dataset(), c.metrics(), versions.live(job.modelName()));
            ModelVersionPublished e = versions.publish(job, c);
            LOG.infof("job %s: published %s v%d at step %d, label fidelity %.2f %%, FD %s (real-vs-real %s), TSTR %s, parity %.2g%s",
                    job.jobId(), e.modelName(), e.version(), s, 100 * m.labelFidelity(), fmt(m.frechetDistance()),
                    fmt(m.frechetDistanceRealVsReal()), m.tstrAccuracy() == null ? "off" : String.format("%.2f %%", 100 * m.tstrAccuracy()),
                    m.onnxParityMaxAbsDiff(), m.quantizationMeanAbsDiff() == null ? ""
                            : String.format(", int8 vs float32 mean |diff| %.4f", m.quantizationMeanAbsDiff()));
            progress.emit(event(job, State.PUBLISHING, s, dLoss, gLoss, null, null, e.version(), null));
            return java.util.Optional.of(e);
        } catch (ExportCheckFailedException e) {
            return notPublished(job, s, dLoss, gLoss, progress, e.getMessage(), null);
        } catch (CandidateRejectedException e) {
            return notPublished(job, s, dLoss, gLoss, progress, e.getMessage(), e.refusal(s).orElse(null));
        }
    }

    static java.util.Optional<ModelVersionPublished> notPublished(TrainingJobRequested job, long s, double dLoss, double gLoss,
                                                                          ProgressSink progress, String why, RefusedCandidate refusal) {
        LOG.warnf("job %s: version at step %d not published: %s", job.jobId(), s, why);
        progress.emit(event(job, State.RUNNING, s, dLoss, gLoss, null, null, null, "version at step " + s + " not published: " + why)
                .withRefusedCandidate(refusal));
        return java.util.Optional.empty();
    }

    private ReferenceClassifier reference(String dataset, DatasetCatalog.Split data) throws IOException {
        ReferenceClassifier r = references.get(dataset);
        if (r == null) {
            r = newReference(dataset, data);
            references.put(dataset, r);
        }
        return r;
    }

    private ReferenceClassifier newReference(String dataset, DatasetCatalog.Split data) throws IOException {
        return ReferenceClassifier.loadOrTrain(settings.referenceDir(), dataset.replace('/', '_'), data.train(), data.test(),
                settings.referenceEpochs(), LOG::info);
    }

    static TrainingProgress event(TrainingJobRequested job, State state, long step, Double d, Double g, Double rate, Double eta,
                                          Long version, String reason) {
        return new TrainingProgress(job.jobId(), state, step, job.steps(), d, g, nullIfNaN(rate), nullIfNaN(eta), job.modelName(),
                version, reason, Instant.now());
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format("%.2f", v);
    }

    private static Double nullIfNaN(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }

    private static List<ModelVersionPublished> fail(ProgressSink progress, String jobId, String reason) {
        LOG.warnf("job %s failed: %s", jobId, reason);
        progress.emit(TrainingProgress.failed(jobId == null ? "unknown" : jobId, reason));
        return List.of();
    }

    /** Releases the cached reference classifiers' native memory. */
    public void close() {
        references.values().forEach(ReferenceClassifier::close);
        references.clear();
    }
}
