package io.synthstream.trainer.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.synthstream.testing.SyntheticMnist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the trainer at a small synthetic MNIST-format data set and a work folder. The quality gate is off:
 * these tests are about the Kafka path, and tiny models on synthetic digits do not reach MNIST's floors
 * ({@link GatedSyntheticDataResource} turns it on).
 */
public class SyntheticDataResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return settings(Map.of("synthstream.trainer.gate-enabled", "false"));
    }

    /** Where the folder is, for the whole test JVM: a system property, as each Quarkus restart loads this class again. */
    private static final String ROOT = "synthstream.test.trainer-root";

    /**
     * The synthetic data set and fast evaluation settings, plus {@code more}. One data and work folder per test JVM:
     * a restarted trainer (another resource set) finds the reference classifier on disk instead of training it again.
     */
    static Map<String, String> settings(Map<String, String> more) {
        try {
            Path root;
            synchronized (System.getProperties()) {
                if (System.getProperty(ROOT) == null) {
                    Path fresh = Files.createTempDirectory("synthstream-trainer-test");
                    SyntheticMnist.write(fresh.resolve("data"), 60, 20);
                    System.setProperty(ROOT, fresh.toString());
                }
                root = Path.of(System.getProperty(ROOT));
            }
            Map<String, String> out = new java.util.HashMap<>(Map.of("synthstream.trainer.data-dir", root.resolve("data").toString(),
                    "synthstream.trainer.work-dir", root.resolve("work").toString(),
                    "synthstream.trainer.reference-epochs", "2",
                    "synthstream.trainer.checkpoint-every-steps", "20",
                    "synthstream.trainer.tstr-samples", "200",
                    "synthstream.trainer.tstr-epochs", "1"));
            out.putAll(more);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
