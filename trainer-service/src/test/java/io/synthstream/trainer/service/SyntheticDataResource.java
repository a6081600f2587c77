package io.synthstream.trainer.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.synthstream.testing.SyntheticMnist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Points the trainer at a small synthetic MNIST-format data set and a fresh work folder. */
public class SyntheticDataResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("synthstream-trainer-test");
            SyntheticMnist.write(root.resolve("data"), 60, 20);
            return Map.of("synthstream.trainer.data-dir", root.resolve("data").toString(),
                    "synthstream.trainer.work-dir", root.resolve("work").toString(),
                    "synthstream.trainer.reference-epochs", "2",
                    "synthstream.trainer.checkpoint-every-steps", "20",
                    "synthstream.trainer.tstr-samples", "200",
                    "synthstream.trainer.tstr-epochs", "1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
