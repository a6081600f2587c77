package io.synthstream.trainer.cli;

import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.gan.GanArchitecture;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints ms per training step (median, p10, p90) for an architecture and batch size on real data. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure ms per training step on this machine.")
final class TrainerBench implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "mnist")
    String dataset;
    @Option(names = "--architecture", defaultValue = TrainingJobRequested.ARCH_CONDITIONAL_MLP)
    String architecture;
    @Option(names = "--batch-size", defaultValue = "128")
    int batch;
    @Option(names = "--warmup", defaultValue = "100")
    int warmup;
    @Option(names = "--steps", defaultValue = "1000")
    int steps;
    @Option(names = "--data-dir", defaultValue = "data")
    Path dataDir;
    @Option(names = "--djl-cache-dir", defaultValue = ".local/djl-cache")
    Path djlCache;

    @Override
    public Integer call() {
        DjlRuntime.configure(djlCache);
        var train = new DatasetCatalog(dataDir).load(dataset).train();
        var job = new TrainingJobRequested("bench", dataset, architecture, null, warmup + steps, batch, null, null, null, 1L, null, null,
                null, null).withDefaults();
        var shape = GanShape.of(job.latentSize(), train);
        double[] ms = new double[steps];
        try (GanTraining t = new GanTraining(GanArchitecture.named(architecture), shape, job, train)) {
            for (int i = 0; i < warmup; i++) t.trainStep();
            for (int i = 0; i < steps; i++) {
                long start = System.nanoTime();
                t.trainStep();
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("trainer bench: %s, %s, batch %d, %d steps after %d warm-up, %d cores%n", architecture, dataset, batch, steps,
                warmup, Runtime.getRuntime().availableProcessors());
        System.out.printf("ms/step: median %.2f  p10 %.2f  p90 %.2f  mean %.2f%n", ms[steps / 2], ms[steps / 10], ms[steps * 9 / 10],
                Arrays.stream(ms).average().orElse(0));
        return 0;
    }
}
