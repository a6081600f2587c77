package io.synthstream.trainer.evaluation;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.synthstream.contracts.artifacts.ArtifactChunks;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.gan.DjlRuntime;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A small CNN trained on a data set's real training images; it judges whether generated samples
 * look like the class they were asked for (label fidelity). Trained once per data set and cached
 * on disk with its real-test-set accuracy.
 */
public final class ReferenceClassifier implements AutoCloseable {
    public static final int BATCH = 128;

    private final Model model;
    private final int channels;
    private final int height;
    private final int width;
    private final double testAccuracy;

    private ReferenceClassifier(Model model, int channels, int height, int width, double testAccuracy) {
        this.model = model;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.testAccuracy = testAccuracy;
    }

    public double testAccuracy() {
        return testAccuracy;
    }

    /** Loads the cached classifier for these data, or trains and caches one. */
    public static ReferenceClassifier loadOrTrain(Path cacheRoot, String dataset, LabelledImages train, LabelledImages test,
                                                  int epochs, Consumer<String> log) throws IOException {
        Path dir = cacheRoot.resolve(dataset + "-" + fingerprint(train, epochs));
        Path params = dir.resolve("reference-cnn.params");
        Path meta = dir.resolve("reference-cnn.properties");
        Model model = newModel(train);
        if (Files.exists(params) && Files.exists(meta)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(meta)) {
                p.load(in);
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
                model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, train.pixelsPerImage()));
                model.getBlock().loadParameters(model.getNDManager(), in);
                log.accept("reference classifier for " + dataset + " loaded from " + dir);
                return new ReferenceClassifier(model, train.channels(), train.height(), train.width(), Double.parseDouble(p.getProperty("testAccuracy")));
            } catch (MalformedModelException | RuntimeException e) {
                log.accept("cached reference classifier in " + dir + " is unreadable (" + e.getMessage() + "); retraining");
                model.close();
                model = newModel(train);
            }
        }
        log.accept("training the reference classifier for " + dataset + " (" + epochs(train, epochs, REFERENCE_MIN_UPDATES)
                + " epochs over " + train.size() + " images)");
        train(model, train, epochs, REFERENCE_MIN_UPDATES);
        ReferenceClassifier c = new ReferenceClassifier(model, train.channels(), train.height(), train.width(), 0);
        double acc = c.accuracy(test);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "params", ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            model.getBlock().saveParameters(out);
        }
        Files.move(tmp, params, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Properties p = new Properties();
        p.setProperty("testAccuracy", Double.toString(acc));
        p.setProperty("epochs", Integer.toString(epochs));
        p.setProperty("dataset", dataset);
        try (var out = Files.newOutputStream(meta)) {
            p.store(out, "synthstream reference classifier");
        }
        log.accept(String.format("reference classifier for %s: %.2f %% on the real test set", dataset, acc * 100));
        return new ReferenceClassifier(model, train.channels(), train.height(), train.width(), acc);
    }

    /** A classifier of this design, trained elsewhere (e.g. by {@link ClassifierTraining} on a mix of real and synthetic images). */
    static ReferenceClassifier of(Model model, LabelledImages like) {
        return new ReferenceClassifier(model, like.channels(), like.height(), like.width(), 0);
    }

    static Model newModel(LabelledImages data) {
        int c = data.channels(), h = data.height(), w = data.width();
        SequentialBlock b = new SequentialBlock()
                .add(list -> new NDList(list.singletonOrThrow().reshape(-1, c, h, w)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(32).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(64).build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(data.numClasses()).build());
        Model model = Model.newInstance("reference-cnn", Engine.getEngine(DjlRuntime.PYTORCH).defaultDevice(), DjlRuntime.PYTORCH);
        model.setBlock(b);
        return model;
    }

    /**
     * A reference classifier trained on a small set (a user's image folder) still gets this many
     * updates: 3 epochs of 600 images would be 12 steps. MNIST-sized sets are unaffected (3 epochs = 1 404).
     */
    public static final int REFERENCE_MIN_UPDATES = 300;

    private static int epochs(LabelledImages train, int requestedEpochs, int minUpdates) {
        int perEpoch = train.size() / Math.min(BATCH, train.size());
        return Math.max(requestedEpochs, (minUpdates + perEpoch - 1) / perEpoch);
    }

    private static void train(Model model, LabelledImages train, int requestedEpochs, int minUpdates) {
        int batch = Math.min(BATCH, train.size());
        int epochs = epochs(train, requestedEpochs, minUpdates);
        Engine.getEngine(DjlRuntime.PYTORCH).setRandomSeed(1234);
        Adam adam = Adam.builder().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adam))) {
            trainer.initialize(new Shape(batch, train.pixelsPerImage()));
            SplittableRandom rnd = new SplittableRandom(99);
            for (int e = 0; e < epochs; e++) {
                int[] order = permutation(train.size(), rnd);
                for (int start = 0; start + batch <= order.length; start += batch) {
                    int[] idx = java.util.Arrays.copyOfRange(order, start, start + batch);
                    try (NDManager m = model.getNDManager().newSubManager()) {
                        NDArray x = train.images(m, idx);
                        NDArray y = m.create(train.labels(idx));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            gc.backward(loss.evaluate(new NDList(y), new NDList(logits)));
                        }
                        trainer.step();
                    }
                }
            }
        }
    }

    static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Trains a fresh classifier of the same design on the given images, not cached: the TSTR figure
     * (train on synthetic, test on real) uses it.
     */
    public static ReferenceClassifier trainFresh(LabelledImages train, LabelledImages test, int epochs) {
        Model model = newModel(train);
        train(model, train, epochs, 0);
        ReferenceClassifier c = new ReferenceClassifier(model, train.channels(), train.height(), train.width(), 0);
        double acc = c.accuracy(test);
        return new ReferenceClassifier(model, train.channels(), train.height(), train.width(), acc);
    }

    /** Width of the feature vector {@link #features} returns. */
    public static final int FEATURES = 128;

    /** The penultimate layer's activations (after the 128-unit layer and its ReLU), n × {@link #FEATURES}. */
    public float[] features(float[] images, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDList x = new NDList(m.create(images, new Shape(n, (long) channels * height * width)));
            var children = model.getBlock().getChildren();
            for (int i = 0; i < children.size() - 1; i++) x = children.get(i).getValue().forward(ps, x, false);
            return x.singletonOrThrow().toFloatArray();
        }
    }

    /** Accuracy on labelled images. */
    public double accuracy(LabelledImages data) {
        int correct = 0;
        for (int start = 0; start < data.size(); start += 1000) {
            int n = Math.min(1000, data.size() - start);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) idx[i] = start + i;
            try (NDManager m = model.getNDManager().newSubManager()) {
                int[] predicted = predict(m, data.images(m, idx));
                int[] truth = data.labels(idx);
                for (int i = 0; i < n; i++) if (predicted[i] == truth[i]) correct++;
            }
        }
        return (double) correct / data.size();
    }

    /** Predicted classes for n images given as n × pixels values in [-1, 1]. */
    public int[] classify(float[] images, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            return predict(m, m.create(images, new Shape(n, (long) channels * height * width)));
        }
    }

    /** Class probabilities (softmax) for n images of n × pixels values in [-1, 1]: n × classes values, row by row. */
    public float[] probabilities(float[] images, int n) {
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(images, new Shape(n, (long) channels * height * width));
            return model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().softmax(1).toFloatArray();
        }
    }

    private int[] predict(NDManager m, NDArray x) {
        NDArray logits = model.getBlock().forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
        long[] arg = logits.argMax(1).toLongArray();
        int[] out = new int[arg.length];
        for (int i = 0; i < arg.length; i++) out[i] = (int) arg[i];
        return out;
    }

    private static String fingerprint(LabelledImages train, int epochs) {
        ByteBuffer labels = ByteBuffer.allocate(train.labels().length * 4 + 64);
        for (int l : train.labels()) labels.putInt(l);
        labels.put(("e" + epochs + "x" + train.height() + "x" + train.width() + "n" + train.pixels().length).getBytes(StandardCharsets.UTF_8));
        byte[] bytes = java.util.Arrays.copyOf(labels.array(), labels.position());
        return ArtifactChunks.sha256(bytes).substring(0, 12);
    }

    @Override
    public void close() {
        model.close();
    }
}
