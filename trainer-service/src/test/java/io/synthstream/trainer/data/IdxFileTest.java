package io.synthstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.testing.SyntheticMnist;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path tmp;

    private static byte[] images(int n, int h, int w) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * h * w).putInt(0x803).putInt(n).putInt(h).putInt(w);
        for (int i = 0; i < n * h * w; i++) b.put((byte) i);
        return b.array();
    }

    @Test
    void parsesHeaderAndData() {
        IdxFile f = IdxFile.parse("x", images(3, 2, 2));
        assertArrayEquals(new int[] {3, 2, 2}, f.dims());
        assertEquals(12, f.data().length);
        assertEquals(11, f.data()[11]);
    }

    @Test
    void truncatedFileIsRejectedWithSizes() {
        byte[] whole = images(3, 2, 2);
        var e = assertThrows(DatasetException.class, () -> IdxFile.parse("train.idx", Arrays.copyOf(whole, whole.length - 1)));
        assertTrue(e.getMessage().contains("train.idx: truncated IDX file, header announces 12 bytes of data but 11 follow"), e.getMessage());
        assertThrows(DatasetException.class, () -> IdxFile.parse("h", Arrays.copyOf(whole, 10)));
        assertThrows(DatasetException.class, () -> IdxFile.parse("h", new byte[2]));
    }

    @Test
    void overlongFileIsCorrupt() {
        byte[] whole = images(3, 2, 2);
        var e = assertThrows(DatasetException.class, () -> IdxFile.parse("x", Arrays.copyOf(whole, whole.length + 5)));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() {
        byte[] b = images(1, 1, 1);
        b[2] = 0x0D; // float IDX, not unsigned byte
        var e = assertThrows(DatasetException.class, () -> IdxFile.parse("x", b));
        assertTrue(e.getMessage().contains("not an unsigned-byte IDX file"), e.getMessage());
    }

    @Test
    void missingFilesPointAtTheFetchScript() {
        var e = assertThrows(DatasetException.class, () -> new DatasetCatalog(tmp).load("mnist"));
        assertTrue(e.getMessage().contains("missing data file") && e.getMessage().contains("bin/fetch-data"), e.getMessage());
    }

    @Test
    void unknownDatasetIsNamed() {
        var e = assertThrows(DatasetException.class, () -> new DatasetCatalog(tmp).load("cifar"));
        assertTrue(e.getMessage().startsWith("unknown dataset 'cifar', expected one of " + DatasetCatalog.NAMES + " or images/<folder>"),
                e.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgree() throws Exception {
        SyntheticMnist.write(tmp, 3, 2);
        var split = new DatasetCatalog(tmp).load("mnist");
        assertEquals(30, split.train().size());
        assertEquals(20, split.test().size());
        Files.write(tmp.resolve("mnist/t10k-labels-idx1-ubyte"), ByteBuffer.allocate(9).putInt(0x801).putInt(1).put((byte) 1).array());
        var e = assertThrows(DatasetException.class, () -> new DatasetCatalog(tmp).load("mnist"));
        assertTrue(e.getMessage().contains("20 images but 1 labels"), e.getMessage());
    }
}
