package io.synthstream.trainer.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An unsigned-byte IDX file (the original MNIST format): magic 0x0000_08_NN, NN dimensions as
 * big-endian int32, then the bytes. Rejects wrong magic, absurd dimensions, and truncated or
 * over-long files with a message that names the file.
 */
public record IdxFile(int[] dims, byte[] data) {

    public static IdxFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException("missing data file " + file + " (run bin/fetch-data)");
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), bytes);
    }

    public static IdxFile parse(String name, byte[] bytes) {
        if (bytes.length < 4) throw new DatasetException(name + ": truncated IDX file (" + bytes.length + " bytes, no header)");
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int magic = buf.getInt();
        int type = (magic >>> 8) & 0xff;
        int rank = magic & 0xff;
        if ((magic >>> 16) != 0 || type != 0x08) {
            throw new DatasetException(name + ": not an unsigned-byte IDX file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        if (rank < 1 || rank > 4) throw new DatasetException(name + ": IDX rank " + rank + " is not supported");
        if (bytes.length < 4 + 4 * rank) throw new DatasetException(name + ": truncated IDX header");
        int[] dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = buf.getInt();
            if (dims[i] <= 0) throw new DatasetException(name + ": dimension " + i + " is " + dims[i]);
            expected *= dims[i];
        }
        long actual = bytes.length - buf.position();
        if (actual != expected) {
            throw new DatasetException(name + ": " + (actual < expected ? "truncated" : "corrupt") + " IDX file, header announces "
                    + expected + " bytes of data but " + actual + " follow");
        }
        byte[] data = new byte[(int) expected];
        buf.get(data);
        return new IdxFile(dims, data);
    }
}
