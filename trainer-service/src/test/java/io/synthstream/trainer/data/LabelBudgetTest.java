package io.synthstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelBudgetTest {
    /** 3 classes, 50 images each; each image's first two pixels hold its index. */
    static LabelledImages data() {
        int n = 150;
        byte[] px = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i * 4] = (byte) i;
            px[i * 4 + 1] = (byte) (i >> 8);
            labels[i] = i % 3;
        }
        return new LabelledImages(px, labels, 2, 2, List.of("a", "b", "c"));
    }

    static int id(LabelledImages d, int i) {
        return (d.pixels()[i * 4] & 0xff) | (d.pixels()[i * 4 + 1] & 0xff) << 8;
    }

    @Test
    void nLabelledImagesAreClassBalancedWithAValidationSplitAndTheRestUnlabelled() {
        LabelledImages all = data();
        LabelBudget b = LabelBudget.draw(all, 30, 0.2, 7);
        assertEquals(24, b.labelled().size());
        assertEquals(6, b.validation().size());
        assertEquals(120, b.unlabelledIndices().length);
        for (int c = 0; c < 3; c++) {
            final int cc = c;
            assertEquals(8, java.util.Arrays.stream(b.labelled().labels()).filter(l -> l == cc).count());
            assertEquals(2, java.util.Arrays.stream(b.validation().labels()).filter(l -> l == cc).count());
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < b.labelled().size(); i++) {
            seen.add(id(b.labelled(), i));
            assertEquals(all.labels()[id(b.labelled(), i)], b.labelled().labels()[i], "labels travel with their images");
        }
        for (int i = 0; i < b.validation().size(); i++) seen.add(id(b.validation(), i));
        for (int u : b.unlabelledIndices()) seen.add(u);
        assertEquals(150, seen.size(), "labelled, validation and unlabelled images are disjoint and cover the set");
        assertArrayEquals(b.labelled().pixels(), LabelBudget.draw(all, 30, 0.2, 7).labelled().pixels(), "same seed, same subset");
    }

    @Test
    void tooFewLabelsPerClassAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LabelBudget.draw(data(), 3, 0.2, 1));
    }

    @Test
    void aStratifiedSplitHoldsOutTheShareOfEachClass() {
        LabelledImages[] tv = LabelBudget.stratifiedSplit(data(), 0.2, 3);
        assertEquals(120, tv[0].size());
        assertEquals(30, tv[1].size());
        assertEquals(10, java.util.Arrays.stream(tv[1].labels()).filter(l -> l == 2).count());
    }
}
