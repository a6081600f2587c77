package io.synthstream.trainer.benchmark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.evaluation.VersionEvaluator;
import io.synthstream.trainer.export.GeneratorExport;
import io.synthstream.trainer.export.GeneratorOnnx;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.GanArchitecture;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import io.synthstream.trainer.jobs.JobCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One GAN of the benchmark: trained with checkpoints (a stopped run resumes from the last one, its
 * wall time carried over), exported to ONNX with the parity check the trainer applies, its preview grid
 * written, and its serving speed measured in process (ONNX Runtime, batch 256).
 */
final class BenchGan {
    static final int CHECKPOINT_EVERY = 1000;
    private static final int SPEED_BATCH = 256;

    private BenchGan() {
    }

    /** Trains (or finds) the GAN in {@code dir}; returns its figure: steps, training seconds, parity, serving samples/s. */
    static ObjectNode train(BenchFigures figures, Path dir, TrainingJobRequested job, LabelledImages data, Consumer<String> log) {
        try {
            Files.createDirectories(dir);
            var arch = GanArchitecture.named(job.architecture());
            var shape = GanShape.of(job.latentSize(), data);
            JobCheckpoint checkpoint = new JobCheckpoint(dir);
            Path elapsedFile = dir.resolve("elapsed-seconds");
            try (GanTraining training = new GanTraining(arch, shape, job, data)) {
                double elapsed = 0;
                checkpoint.resume(training, job);
                if (training.step() > 0) {
                    elapsed = Files.exists(elapsedFile) ? Double.parseDouble(Files.readString(elapsedFile).trim()) : 0;
                    log.accept(String.format("  resuming %s at step %d", dir.getFileName(), training.step()));
                }
                long start = System.nanoTime();
                double before = elapsed;
                while (training.step() < job.steps()) {
                    training.trainStep();
                    long s = training.step();
                    if (s % CHECKPOINT_EVERY == 0 || s == job.steps()) {
                        elapsed = before + (System.nanoTime() - start) / 1e9;
                        checkpoint.save(training, job, 0);
                        Files.writeString(elapsedFile, Double.toString(elapsed));
                        log.accept(String.format("  %s: step %d / %d, %.0f s", dir.getFileName(), s, job.steps(), elapsed));
                    }
                }
                Path onnx = dir.resolve(GeneratorExport.ONNX_FILE);
                Files.write(onnx, GeneratorOnnx.write(training));
                ObjectNode f = figures.newNode();
                f.put("architecture", job.architecture()).put("loss", job.loss()).put("diffAugment", job.diffAugment())
                        .put("steps", job.steps()).put("latentSize", job.latentSize()).put("trainingImages", data.size()).put("trainingSeconds", round(elapsed, 1));
                try (GeneratorSession session = new GeneratorSession(onnx, shape.latentSize())) {
                    f.put("onnxParity", GeneratorExport.parity(training, session));
                    Files.write(dir.resolve("grid.png"), VersionEvaluator.grid(session, shape));
                    f.put("servingSamplesPerSecond", Math.round(servingSpeed(session, shape)));
                }
                f.put("onnx", onnx.toString());
                return f;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Samples/s of ONNX Runtime in this process at batch 256, after a warm-up, over ~3 s. */
    static double servingSpeed(GeneratorSession session, GanShape shape) {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] z = GanTraining.gaussian(rnd, SPEED_BATCH * shape.latentSize());
        int[] labels = new int[SPEED_BATCH];
        for (int i = 0; i < labels.length; i++) labels[i] = i % shape.numClasses();
        for (int i = 0; i < 20; i++) session.generate(z, labels);
        long start = System.nanoTime(), n = 0;
        while (System.nanoTime() - start < 3_000_000_000L) {
            session.generate(z, labels);
            n += SPEED_BATCH;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
