package io.synthstream.trainer.cli;

import io.synthstream.contracts.KafkaConnection;
import io.synthstream.contracts.TopicProvisioner;
import io.synthstream.contracts.Topics;
import io.synthstream.contracts.codec.EventJson;
import io.synthstream.contracts.codec.EventSerializer;
import io.synthstream.contracts.events.Event;
import io.synthstream.contracts.events.ModelVersionPublished;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.contracts.events.TrainingProgress;
import io.synthstream.trainer.evaluation.AugmentationGainMeter;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.jobs.TrainerSettings;
import io.synthstream.trainer.jobs.TrainingJobRunner;
import io.synthstream.trainer.publish.KafkaVersionPublisher;
import io.synthstream.trainer.publish.LocalVersionStore;
import io.synthstream.trainer.publish.VersionSink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line for users who train offline or script the service:
 * {@code train} runs one job in this process (the service's code path), {@code submit} sends a job to
 * the service through Kafka and can follow its progress.
 */
@Command(name = "synthstream-trainer", mixinStandardHelpOptions = true, subcommands = {TrainerCli.Train.class, TrainerCli.Submit.class, TrainerCli.Follow.class,
        ListModels.class, RetireVersions.class, TrainerBench.class, AugmentationBenchCommand.class, TabularBenchCommand.class},
        description = "Train conditional GANs and publish generator versions.")
public final class TrainerCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        // a user's mistake (an unreachable cluster, a bad settings file) reads better as one line than as a stack trace
        return new CommandLine(new TrainerCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        });
    }

    /** The job parameters both subcommands take. */
    static class JobOptions {
        @Option(names = "--job-id", description = "Job id (default: a new one).")
        String jobId;
        @Option(names = "--dataset", required = true, description = "mnist, fashion-mnist, images/<folder> (a folder per class under "
                + "<data-dir>/images/<folder>) or a table: a .csv (header row) or .arff file under <data-dir>, e.g. weka/credit-g.arff "
                + "(with --label-column).")
        String dataset;
        @Option(names = "--architecture", description = "conditional-mlp (default for images, fast), conditional-dcgan, or conditional-tabular "
                + "(the default and only choice for a table).")
        String architecture;
        @Option(names = "--model", description = "Model name (default: <dataset>-<architecture>).")
        String model;
        @Option(names = "--steps", description = "Training steps (default 5000).")
        Integer steps;
        @Option(names = "--batch-size", description = "Batch size (default 128; 64 for the DCGAN).")
        Integer batchSize;
        @Option(names = "--lr-g", description = "Generator learning rate (default 2e-4).")
        Double lrG;
        @Option(names = "--lr-d", description = "Discriminator learning rate (default 2e-4).")
        Double lrD;
        @Option(names = "--latent", description = "Latent size (default 64).")
        Integer latent;
        @Option(names = "--seed", description = "Seed (default 42).")
        Long seed;
        @Option(names = "--publish-every", description = "Publish a version every N steps (default: at the end).")
        Integer publishEvery;
        @Option(names = "--progress-every", description = "Progress event every N steps (default 100).")
        Integer progressEvery;
        @Option(names = "--fidelity-per-class", description = "Samples per class for label fidelity (default 1000).")
        Integer fidelityPerClass;
        @Option(names = "--image-height", description = "Image folders: height images are resized to (default 28).")
        Integer imageHeight;
        @Option(names = "--image-width", description = "Image folders: width images are resized to (default 28).")
        Integer imageWidth;
        @Option(names = "--precision", description = "Artifact arithmetic: float32 (default) or int8 (conditional-mlp: int8 fully connected "
                + "layers, ~2.5x the CPU inference speed; the quality figures are measured on the int8 artifact).")
        String precision;
        @Option(names = "--label-column", paramLabel = "NAME", description = "A table: the column whose classes rows are generated for (required "
                + "for a table).")
        String labelColumn;
        @Option(names = "--column-kind", paramLabel = "NAME=KIND", description = "A table: a column's kind, numeric or categorical, over what "
                + "the file says (repeatable).")
        Map<String, String> columnKinds;
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        /** The job these options describe; one that TrainingJobRequested's own rules refuse is a usage error, named as they say. */
        TrainingJobRequested job() {
            var job = new TrainingJobRequested(jobId == null ? "job-" + UUID.randomUUID().toString().substring(0, 8) : jobId, dataset,
                    architecture, model, steps, batchSize, lrG, lrD, latent, seed, publishEvery, progressEvery, fidelityPerClass, imageHeight, imageWidth,
                    precision, null, null, labelColumn, columnKinds, Instant.now());
            List<String> problems = job.problems();
            if (!problems.isEmpty()) throw new ParameterException(spec.commandLine(), "invalid job: " + String.join("; ", problems));
            return job;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Run one training job in this process.")
    static final class Train implements Callable<Integer> {
        @Mixin
        JobOptions options;
        @Option(names = "--data-dir", defaultValue = "data", description = "Data folder (bin/fetch-data).")
        Path dataDir;
        @Option(names = "--work-dir", defaultValue = ".local/trainer", description = "Checkpoints, versions, reference classifiers.")
        Path workDir;
        @Option(names = "--djl-cache-dir", defaultValue = ".local/djl-cache")
        Path djlCache;
        @Option(names = "--checkpoint-every", defaultValue = "500")
        int checkpointEvery;
        @Option(names = "--reference-epochs", defaultValue = "3")
        int referenceEpochs;
        @Option(names = "--tstr-samples", defaultValue = "60000", description = "TSTR: synthetic samples to train a fresh classifier on (0: off).")
        int tstrSamples;
        @Option(names = "--tstr-epochs", defaultValue = "3")
        int tstrEpochs;
        @Mixin
        GateOptions gate;
        @Mixin
        KafkaOptions kafkaOptions;

        @Override
        public Integer call() {
            TrainingJobRequested job = options.job();
            DjlRuntime.configure(djlCache);
            var settings = new TrainerSettings(dataDir, workDir, checkpointEvery, referenceEpochs, gate.gate(), tstrSamples, tstrEpochs,
                    AugmentationGainMeter.Settings.DEFAULT, gate.tabularGate());
            VersionSink sink;
            KafkaVersionPublisher kafka = null;
            var cluster = kafkaOptions.connectionIfNamed();
            if (cluster.isPresent()) {
                TopicProvisioner.ensure(cluster.get());
                sink = kafka = new KafkaVersionPublisher(cluster.get(), "synthstream-trainer-cli-" + UUID.randomUUID(), settings.modelsDir());
            } else {
                sink = new LocalVersionStore(settings.modelsDir());
            }
            TrainingJobRunner runner = new TrainingJobRunner(settings, sink);
            final boolean[] failed = {false};
            try {
                List<ModelVersionPublished> versions = runner.run(job, p -> {
                    System.out.println(line(p));
                    failed[0] |= p.state() == TrainingProgress.State.FAILED;
                });
                for (var v : versions) {
                    var m = v.metrics();
                    if (v.rows() != null) {
                        var r = v.rows();
                        System.out.printf("version %s v%d: column similarity %.3f, correlation %.3f, rare class '%s' minority F1 gain %+.3f "
                                        + "(SMOTE %+.3f) over %d folds, files in %s%n", v.modelName(), v.version(), r.columnSimilarity(),
                                r.correlationScore(), r.rareClassGain().rareClass(), r.rareClassGain().minorityF1Gain(),
                                r.rareClassGain().smoteMinorityF1Gain(), r.rareClassGain().folds(), LocalVersionStore.folder(settings.modelsDir(), v));
                        continue;
                    }
                    System.out.printf("version %s v%d: label fidelity %.2f %%, FD %s (real vs real %s), TSTR %s, files in %s%n",
                            v.modelName(), v.version(), 100 * m.labelFidelity(), m.frechetDistance(), m.frechetDistanceRealVsReal(),
                            m.tstrAccuracy() == null ? "off" : String.format("%.2f %% on %d samples", 100 * m.tstrAccuracy(), m.tstrSamples()),
                            LocalVersionStore.folder(settings.modelsDir(), v));
                }
            } finally {
                runner.close();
                if (kafka != null) kafka.close();
            }
            return failed[0] ? 1 : 0;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Send a training job to the trainer service.")
    static final class Submit implements Callable<Integer> {
        @Mixin
        JobOptions options;
        @Mixin
        KafkaOptions kafkaOptions;
        @Option(names = "--follow", description = "Print progress until the job is done or failed.")
        boolean follow;
        @Option(names = "--timeout", defaultValue = "PT2H", description = "How long --follow waits (ISO-8601 duration).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            TrainingJobRequested job = options.job(); // a job the trainer would refuse is not sent
            KafkaConnection kafka = kafkaOptions.connection();
            TopicProvisioner.ensure(kafka);
            try (var producer = new KafkaProducer<String, Event>(kafka.clientConfig(Map.of()), new StringSerializer(), new EventSerializer())) {
                producer.send(new ProducerRecord<>(Topics.TRAINING_JOBS, job.jobId(), job)).get();
            }
            System.out.println("submitted " + job.jobId() + ": " + EventJson.toJson(job));
            return follow ? follow(kafka, job.jobId(), timeout) : 0;
        }
    }

    @Command(name = "follow", mixinStandardHelpOptions = true, description = "Print a job's progress until it is done or failed.")
    static final class Follow implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", description = "Job id.")
        String jobId;
        @Mixin
        KafkaOptions kafkaOptions;
        @Option(names = "--timeout", defaultValue = "PT2H", description = "How long to wait (ISO-8601 duration).")
        Duration timeout;

        @Override
        public Integer call() {
            return follow(kafkaOptions.connection(), jobId, timeout);
        }
    }

    static int follow(KafkaConnection kafka, String jobId, Duration timeout) {
        Map<String, Object> cfg = kafka.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "synthstream-cli-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var consumer = new KafkaConsumer<>(cfg, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TRAINING_PROGRESS));
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofSeconds(1))) {
                    if (!jobId.equals(r.key())) continue;
                    TrainingProgress p = EventJson.fromBytes(r.value(), TrainingProgress.class);
                    System.out.println(line(p));
                    if (p.state() == TrainingProgress.State.DONE) return 0;
                    if (p.state() == TrainingProgress.State.FAILED) return 1;
                }
            }
        }
        System.err.println("gave up following " + jobId + " after " + timeout);
        return 2;
    }

    static String line(TrainingProgress p) {
        StringBuilder b = new StringBuilder(String.format("[%s] %-10s step %d/%d", p.jobId(), p.state(), p.step(), p.totalSteps()));
        if (p.discriminatorLoss() != null) b.append(String.format("  D %.4f  G %.4f", p.discriminatorLoss(), p.generatorLoss()));
        if (p.stepsPerSecond() != null) b.append(String.format("  %.1f steps/s (%.1f ms/step)", p.stepsPerSecond(), 1000 / p.stepsPerSecond()));
        if (p.etaSeconds() != null) b.append(String.format("  ETA %.0f s", p.etaSeconds()));
        if (p.publishedVersion() != null) b.append("  published v").append(p.publishedVersion());
        if (p.reason() != null) b.append("  — ").append(p.reason());
        return b.toString();
    }
}
