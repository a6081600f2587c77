package io.synthstream.examples.downstream;

import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.evaluation.ReferenceClassifier;
import io.synthstream.trainer.gan.DjlRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A downstream consumer of synthstream: requests labelled samples through the request topic,
 * trains a classifier on them (the CNN the trainer's TSTR uses) and prints its accuracy on the real
 * test set. See examples/downstream-classifier/README.md.
 */
@Command(name = "downstream-classifier", mixinStandardHelpOptions = true,
        subcommands = {DownstreamClassifier.Synthetic.class, DownstreamClassifier.LowData.class, DownstreamClassifier.ExportSubset.class},
        description = "Train a classifier on synthstream samples and score it on real data.")
public final class DownstreamClassifier {
    public static void main(String[] args) {
        System.exit(new CommandLine(new DownstreamClassifier()).execute(args));
    }

    static class Common {
        @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
        String bootstrap;
        @Option(names = "--dataset", defaultValue = "mnist", description = "Real data set the classifier is tested on: mnist or fashion-mnist.")
        String dataset;
        @Option(names = "--data-dir", defaultValue = "data")
        Path dataDir;
        @Option(names = "--djl-cache-dir", defaultValue = ".local/djl-cache")
        Path djlCache;
        @Option(names = "--updates", defaultValue = "2000", description = "Classifier training steps (batch 128), the same for every training set.")
        int updates;
        @Option(names = "--seed", defaultValue = "7")
        long seed;
        @Option(names = "--timeout-s", defaultValue = "600")
        int timeoutSeconds;

        DatasetCatalog.Split data() {
            DjlRuntime.configure(djlCache);
            return new DatasetCatalog(dataDir).load(dataset);
        }

        LabelledImages samples(String model, int count, DatasetCatalog.Split data) {
            long t0 = System.nanoTime();
            try (SampleRequester requester = new SampleRequester(bootstrap)) {
                LabelledImages s = requester.request(model, count, seed, data.train().classNames(), Duration.ofSeconds(timeoutSeconds));
                System.out.printf("received %d samples of %s in %.1f s%n", s.size(), model, (System.nanoTime() - t0) / 1e9);
                return s;
            }
        }

        /** Trains for {@link #updates} steps whatever the set's size, so small and large sets are compared fairly. */
        double accuracy(String what, LabelledImages train, LabelledImages test) {
            int perEpoch = Math.max(1, train.size() / ReferenceClassifier.BATCH);
            int epochs = (updates + perEpoch - 1) / perEpoch;
            long t0 = System.nanoTime();
            try (ReferenceClassifier c = ReferenceClassifier.trainFresh(train, test, epochs)) {
                System.out.printf("%-44s %6d images → accuracy on the real test set (%d images): %.2f %%  (%d epochs, %.0f s)%n", what,
                        train.size(), test.size(), 100 * c.testAccuracy(), epochs, (System.nanoTime() - t0) / 1e9);
                return c.testAccuracy();
            }
        }
    }

    @Command(name = "synthetic", mixinStandardHelpOptions = true, description = "(a) Train on synthetic samples only; test on real.")
    static final class Synthetic implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--model", required = true, description = "Published model, e.g. mnist-conditional-dcgan.")
        String model;
        @Option(names = "--samples", defaultValue = "60000")
        int samples;

        @Override
        public Integer call() {
            var data = common.data();
            common.accuracy("synthetic only (" + model + ")", common.samples(model, samples, data), data.test());
            return 0;
        }
    }

    @Command(name = "low-data", mixinStandardHelpOptions = true,
            description = "(b) A few real images alone vs the same images plus samples of a GAN trained on them only.")
    static final class LowData implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--model", required = true, description = "A model trained on the same images (see export-subset).")
        String model;
        @Option(names = "--real-per-class", defaultValue = "60")
        int perClass;
        @Option(names = "--samples", defaultValue = "12000", description = "Synthetic samples added to the real ones.")
        int samples;

        @Override
        public Integer call() {
            var data = common.data();
            LabelledImages real = LowDataSubset.take(data.train(), 0, perClass);
            double alone = common.accuracy(real.size() + " real images alone", real, data.test());
            LabelledImages synthetic = common.samples(model, samples, data);
            double mixed = common.accuracy(real.size() + " real + " + synthetic.size() + " synthetic (" + model + ")",
                    LowDataSubset.concat(real, synthetic), data.test());
            System.out.printf("synthetic samples changed accuracy by %+.2f points%n", 100 * (mixed - alone));
            return 0;
        }
    }

    @Command(name = "export-subset", mixinStandardHelpOptions = true,
            description = "Write the low-data images as an image folder (train/: the real images low-data uses; test/: other training images for the trainer's checks).")
    static final class ExportSubset implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--real-per-class", defaultValue = "60")
        int perClass;
        @Option(names = "--check-per-class", defaultValue = "100", description = "Images per class in test/ (never the real test set).")
        int checkPerClass;
        @Option(names = "--out", required = true, description = "e.g. data/images/mnist-600")
        Path out;

        @Override
        public Integer call() throws Exception {
            var data = common.data();
            LowDataSubset.writeFolder(LowDataSubset.take(data.train(), 0, perClass), out, "train");
            LowDataSubset.writeFolder(LowDataSubset.take(data.train(), perClass, checkPerClass), out, "test");
            System.out.printf("wrote %d training and %d check images to %s%n", perClass * data.train().numClasses(),
                    checkPerClass * data.train().numClasses(), out);
            return 0;
        }
    }
}
