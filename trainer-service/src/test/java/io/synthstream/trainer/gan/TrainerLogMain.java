package io.synthstream.trainer.gan;

import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.testing.SyntheticMnist;
import io.synthstream.trainer.data.DatasetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a training does in the paths that used to fill the log with native noise, run by {@link TrainerLogTest} in a child
 * JVM: DJL's load and CUDA probe ({@link TrainingDevice#get}, the device line), the weight average's start (a parameter
 * copy), a few steps, a checkpoint save and its in-place restore.
 */
final class TrainerLogMain {
    private TrainerLogMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        logToTheConsole();
        DjlRuntime.configure(null); // the cache comes from DJL_CACHE_DIR, as in the trainer's tests
        TrainingDevice.get();
        var data = new DatasetCatalog(SyntheticMnist.write(work.resolve("data"), 4, 1)).load("mnist");
        GanShape shape = new GanShape(8, 10, 28, 28);
        String arch = TrainingJobRequested.ARCH_CONDITIONAL_MLP;
        var job = new TrainingJobRequested("t", "mnist", arch, null, 3, 8, null, null, shape.latentSize(), 1L, null, null, 10, null)
                .withDefaults();
        Path checkpoint = Files.createDirectories(work.resolve("checkpoint"));
        try (GanTraining t = new GanTraining(GanArchitecture.named(arch), shape, job, data.train())) {
            for (int i = 0; i < 2; i++) t.trainStep();
            t.save(checkpoint);
        }
        try (GanTraining t = new GanTraining(GanArchitecture.named(arch), shape, job, data.train())) {
            t.restore(checkpoint, 2);
            t.trainStep();
        }
        System.out.println("trained");
    }

    /**
     * INFO and up to the console, as the Quarkus trainer logs: without it the log manager (JBoss, as in the trainer's
     * tests) prints nothing, neither the device line nor DJL's warnings.
     */
    private static void logToTheConsole() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.INFO);
    }
}
