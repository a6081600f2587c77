package io.synthstream.examples.downstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.synthstream.trainer.data.ImageFolderDataset;
import io.synthstream.trainer.data.LabelledImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LowDataSubsetTest {
    @TempDir
    Path tmp;

    /** n images of 4×4, image i filled with value i, labels cycling over 3 classes. */
    static LabelledImages images(int n) {
        byte[] px = new byte[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(px, i * 16, (i + 1) * 16, (byte) (i * 10));
            labels[i] = i % 3;
        }
        return new LabelledImages(px, labels, 4, 4, List.of("a", "b", "c"));
    }

    @Test
    void takesTheFirstImagesOfEachClassAfterASkip() {
        LabelledImages all = images(12);
        LabelledImages first = LowDataSubset.take(all, 0, 2);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, first.labels());
        LabelledImages next = LowDataSubset.take(all, 2, 1);
        assertArrayEquals(new int[] {0, 1, 2}, next.labels());
        assertEquals((byte) 60, next.pixels()[0], "image 6 is the third of class a");
        assertThrows(IllegalArgumentException.class, () -> LowDataSubset.take(all, 3, 2));
        LabelledImages both = LowDataSubset.concat(first, next);
        assertEquals(9, both.size());
        assertEquals(next.pixels()[16], both.pixels()[7 * 16]);
    }

    @Test
    void anExportedSubsetIsAnImageFolderTheTrainerReadsBackUnchanged() throws Exception {
        LabelledImages train = LowDataSubset.take(images(30), 0, 4), check = LowDataSubset.take(images(30), 4, 2);
        Path folder = tmp.resolve("subset");
        LowDataSubset.writeFolder(train, folder, "train");
        LowDataSubset.writeFolder(check, folder, "test");
        var split = ImageFolderDataset.read(folder, 4, 4);
        assertEquals(List.of("00", "01", "02"), split.train().classNames());
        assertEquals(12, split.train().size());
        assertEquals(6, split.test().size());
        // the folder lists class by class; the same multiset of (label, pixels) comes back, 8-bit exact
        var sorted = LowDataSubset.take(train, 0, 4);
        assertEquals(sorted.size(), split.train().size());
        for (int c = 0; c < 3; c++) {
            final int cls = c;
            long expected = java.util.stream.IntStream.range(0, train.size()).filter(i -> train.labels()[i] == cls).mapToLong(i -> train.pixels()[i * 16] & 0xff).sum();
            long actual = java.util.stream.IntStream.range(0, split.train().size()).filter(i -> split.train().labels()[i] == cls)
                    .mapToLong(i -> split.train().pixels()[i * 16] & 0xff).sum();
            assertEquals(expected, actual, "class " + c);
        }
    }
}
