package io.synthstream.trainer.cli;

import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.benchmark.AugmentationBench;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.gan.DjlRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./synthstream bench-augmentation}: does a GAN's data make a downstream classifier better (see {@link AugmentationBench}). */
@Command(name = "bench-augmentation", mixinStandardHelpOptions = true,
        description = {"Classifier accuracy on real data: trained on real, on synthetic only (CAS), and with N labelled images alone, "
                + "with classic augmentation, with GAN samples and with both. Resumable: figures already in <out>/augmentation.json are kept."})
final class AugmentationBenchCommand implements Callable<Integer> {
    /** Test images that score a tiny run's classifiers: scoring all 10 000, some 50 times, was most of its minutes in CI. */
    private static final int TINY_SCORED_IMAGES = 500;
    @Option(names = "--datasets", split = ",", defaultValue = "mnist,fashion-mnist")
    List<String> datasets;
    @Option(names = "--parts", split = ",", defaultValue = "cas,few-labels", description = "cas and/or few-labels.")
    List<String> parts;
    @Option(names = "--labels", split = ",", defaultValue = "100,600,6000", description = "Labelled-image counts N (class-balanced).")
    List<Integer> labels;
    @Option(names = "--subsets", defaultValue = "3", description = "Random label subsets (and seeds) per N; also the seeds of the CAS figures.")
    int subsets;
    @Option(names = "--architecture", defaultValue = TrainingJobRequested.ARCH_CONDITIONAL_MLP)
    String architecture;
    @Option(names = "--cas-loss", defaultValue = TrainingJobRequested.LOSS_BCE, description = "Loss of the GAN trained on the whole training set.")
    String casLoss;
    @Option(names = "--cas-diff-augment", defaultValue = "false", arity = "1")
    boolean casDiffAugment;
    @Option(names = "--loss", defaultValue = TrainingJobRequested.LOSS_BCE,
            description = "Loss of the few-labels GANs (BCE measured better than hinge + DiffAugment for the MLP: docs/performance.md).")
    String loss;
    @Option(names = "--diff-augment", defaultValue = "false", arity = "1", description = "DiffAugment in the few-labels GANs (meant for the DCGAN).")
    boolean diffAugment;
    @Option(names = "--cas-gan-steps", defaultValue = "60000", description = "Steps of the GAN trained on the whole training set.")
    int casGanSteps;
    @Option(names = "--labelled-gan-steps", defaultValue = "5000", description = "Steps of the GAN trained on the N labelled images only.")
    int labelledGanSteps;
    @Option(names = "--semi-gan-steps", defaultValue = "20000", description = "Steps of the GAN that also learns from pseudo-labelled images.")
    int semiGanSteps;
    @Option(names = "--cas-classifier-steps", defaultValue = "1404", description = "Updates of the CAS classifiers, batch 128 (3 epochs of 60 000).")
    int casClassifierSteps;
    @Option(names = "--classifier-steps", defaultValue = "500", description = "Updates of the few-labels classifiers, batch 64.")
    int classifierSteps;
    @Option(names = "--cas-samples-per-class", split = ",", defaultValue = "6000",
            description = "Candidate CAS training-set sizes per class (chosen on validation); 18000 gives each of the 1 404 × 128 draws its own sample.")
    List<Integer> casSamplesPerClass;
    @Option(names = "--cas-latent-scales", split = ",", defaultValue = "1.0",
            description = "Candidate standard deviations of the CAS samples' latent vectors (chosen on validation): < 1 truncates, > 1 widens.")
    List<Double> casLatentScales;
    @Option(names = "--samples-per-class", defaultValue = "1000", description = "Synthetic pool per class for the few-labels mixes.")
    int samplesPerClass;
    @Option(names = "--shares", split = ",", defaultValue = "0.1,0.25", description = "Shares of each batch taken from GAN samples (chosen on validation).")
    List<Double> shares;
    @Option(names = "--filters", split = ",", defaultValue = "0,0.9", description = "Minimum classifier confidence of a kept GAN sample; 0 = no filter (chosen on validation).")
    List<Double> filters;
    @Option(names = "--latent-scales", split = ",", defaultValue = "1.0",
            description = "Candidate standard deviations of the few-labels mixes' latent vectors (chosen on validation).")
    List<Double> latentScales;
    @Option(names = "--pseudo-label-confidence", defaultValue = "0.95")
    double pseudoLabelConfidence;
    @Option(names = "--tiny", description = "A few steps and samples of everything (CI: the command cannot rot); figures meaningless.")
    boolean tiny;
    @Option(names = "--out", defaultValue = ".local/bench-augmentation")
    Path out;
    @Option(names = "--gans-from", paramLabel = "DIR",
            description = "Reuse the few-labels GANs of an earlier run (same GAN recipe and subsets) to compare classifier recipes on them.")
    Path gansFrom;
    @Option(names = "--cas-ensemble-with", paramLabel = "DIR",
            description = "One more CAS pool: half from this run's GAN, half from the CAS GAN of the run in DIR (another architecture), each as its run chose.")
    Path casEnsembleWith;
    @Option(names = "--data-dir", defaultValue = "data")
    Path dataDir;
    @Option(names = "--djl-cache-dir", defaultValue = ".local/djl-cache")
    Path djlCache;

    @Override
    public Integer call() throws Exception {
        DjlRuntime.configure(djlCache);
        var settings = tiny
                ? new AugmentationBench.Settings(datasets, parts, List.of(100), 2, architecture, casLoss, casDiffAugment, loss, diffAugment, 30, 20, 20, 10, 10, List.of(30),
                List.of(1.0, 1.5), 20, 0.05,
                0.2, pseudoLabelConfidence, List.of(0.5), filters, latentScales, TINY_SCORED_IMAGES, casEnsembleWith == null ? null : casEnsembleWith.toString())
                : new AugmentationBench.Settings(datasets, parts, labels, subsets, architecture, casLoss, casDiffAugment, loss, diffAugment, casGanSteps, labelledGanSteps,
                semiGanSteps, casClassifierSteps, classifierSteps, casSamplesPerClass, casLatentScales, samplesPerClass, 1.0 / 12, 0.2, pseudoLabelConfidence,
                shares, filters, latentScales, 0, casEnsembleWith == null ? null : casEnsembleWith.toString());
        System.out.println("bench-augmentation: figures in " + out.resolve("augmentation.json") + " (resumable), "
                + Runtime.getRuntime().availableProcessors() + " cores");
        var report = new AugmentationBench(settings, new DatasetCatalog(dataDir), out, System.out::println, gansFrom).run();
        System.out.println("table: " + out.resolve("augmentation.txt") + "; charts: " + report.charts());
        return 0;
    }
}
