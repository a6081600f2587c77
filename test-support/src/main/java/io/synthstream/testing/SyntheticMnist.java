package io.synthstream.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small MNIST-shaped data set in the original IDX format, so tests run the real loading
 * code without the 55 MB download: class k is a bright horizontal bar at rows 2k+4..2k+6 on noise.
 */
public final class SyntheticMnist {
    private SyntheticMnist() {
    }

    public static Path write(Path dataDir, int trainPerClass, int testPerClass) throws IOException {
        Path dir = dataDir.resolve("mnist");
        Files.createDirectories(dir);
        SplittableRandom rnd = new SplittableRandom(5);
        writeSplit(dir, "train", trainPerClass, rnd);
        writeSplit(dir, "t10k", testPerClass, rnd);
        return dataDir;
    }

    private static void writeSplit(Path dir, String prefix, int perClass, SplittableRandom rnd) throws IOException {
        int n = perClass * 10;
        ByteBuffer images = ByteBuffer.allocate(16 + n * 784).putInt(0x803).putInt(n).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            labels.put((byte) k);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean bar = y >= 2 * k + 4 && y < 2 * k + 6 && x >= 4 && x < 24;
                    images.put((byte) (bar ? 200 + rnd.nextInt(56) : rnd.nextInt(30)));
                }
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }
}
