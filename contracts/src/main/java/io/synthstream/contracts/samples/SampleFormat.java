package io.synthstream.contracts.samples;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * How a sample record's payload holds its samples (values in [-1, 1], C×H×W each; docs/events.md). Requests and
 * records name a format by its {@link #wireName()}:
 * float32 — little-endian IEEE floats, sample after sample;
 * uint8   — one byte per value, the value's {@link #greyLevel};
 * png     — per sample a big-endian uint32 length then that many bytes of a PNG: 8-bit grayscale for C = 1, 8-bit RGB
 *           for C = 3 (channel c of the C×H×W values is the PNG's red, green, blue in that order).
 * The shape is [C, H, W], channel-major; C is 1 (grey) or 3 (RGB).
 * Those three are image formats: a tabular version's output is served in one format of its own,
 * rows-json — one UTF-8 JSON object per record holding the record's samples as typed rows (decoded by the version's
 * {@code rows.RowDecoder}; written and read by {@code codec.RowsJson}). A generator refuses a format the version does not
 * serve ({@link #servesVersion}).
 */
public enum SampleFormat {
    FLOAT32("float32"),
    UINT8("uint8"),
    PNG("png"),
    ROWS_JSON("rows-json");

    /** Signature, IHDR, IEND and the zlib header and checksum, with room for a few ancillary chunks. */
    private static final int PNG_FIXED = 512;

    private final String wireName;

    SampleFormat(String wireName) {
        this.wireName = wireName;
    }

    /** The name requests and the format header carry. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** The format of that name, if there is one. */
    public static Optional<SampleFormat> named(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(wireName)).findFirst();
    }

    /** The format of that name; an {@link IllegalArgumentException} for an unknown one. */
    public static SampleFormat of(String wireName) {
        return named(wireName).orElseThrow(() -> new IllegalArgumentException("unknown format " + wireName));
    }

    /** The formats of image samples, every one but {@link #ROWS_JSON}. */
    public static List<SampleFormat> imageFormats() {
        return List.of(FLOAT32, UINT8, PNG);
    }

    /** Whether this is the rows format of tabular versions. */
    public boolean isRows() {
        return this == ROWS_JSON;
    }

    /** Whether a version serves this format: an image version its image formats, a tabular version rows-json only. */
    public boolean servesVersion(boolean tabularVersion) {
        return isRows() == tabularVersion;
    }

    /**
     * Why a version does not answer in this format (a tabular version answers in rows, an image version in images), in
     * the words generators dead-letter it with and the gateway refuses it with; for a format {@link #servesVersion} refuses.
     *
     * @param version the version as a reason names it, e.g. {@code 'credit' v3}
     */
    public String notServedBy(String version, boolean tabularVersion) {
        return tabularVersion
                ? "format '" + this + "' is an image format, and " + version + " is a tabular version: it answers in " + ROWS_JSON
                + " only (or name no format)"
                : "format '" + this + "' is for tabular versions, and " + version + " generates images: ask for one of " + imageFormats();
    }

    /** Whether the payload is made of 8-bit grey levels (which an image generator's graph can compute itself). */
    public boolean encodesGreyLevels() {
        return this == UINT8 || this == PNG;
    }

    /** A generator value in [-1, 1] as an 8-bit grey level: round((v + 1) × 127.5), clamped. */
    public static int greyLevel(float v) {
        // Math.round(x) is floor(x + 0.5) taken exactly; in double the + 0.5 is exact for any float, and the
        // cast floors once the value is clamped to be non-negative. Same result, without Math.round's slow
        // path, which dominated encoding (a generator encodes every value it serves); min/max instead of
        // branches: ~30% faster again on the bench's tanh outputs. NaN stays NaN through both and casts to 0.
        double x = (v + 1f) * 127.5f + 0.5;
        return (int) Math.min(Math.max(x, 0.0), 255.0);
    }

    /**
     * Payload bytes of one sample of that shape at most: exact for float32 and uint8, a bound for png. Not for rows-json,
     * whose rows take what their schema's values take ({@code codec.RowsJson.bytesPerRow}).
     */
    public long payloadBytesPerSample(List<Integer> shape) {
        long values = 1;
        for (int d : shape) values *= d;
        return switch (this) {
            case FLOAT32 -> 4 * values;
            case UINT8 -> values;
            case PNG -> 4 + pngBound(channels(shape), shape.get(shape.size() - 2), shape.get(shape.size() - 1));
            case ROWS_JSON -> throw notImages("bounded by codec.RowsJson.bytesPerRow");
        };
    }

    /** C of a [C, H, W] shape; 1 for a shape of two dimensions (H, W). */
    public static int channels(List<Integer> shape) {
        return shape.size() >= 3 ? shape.get(shape.size() - 3) : 1;
    }

    /**
     * An 8-bit grey (c = 1) or RGB (c = 3) PNG of h × w is at most its filtered rows (a filter byte each) stored
     * uncompressed by deflate (5 bytes per stored block of up to 16 383 bytes here: counted per 8 KB to be safe),
     * split into IDAT chunks (12 bytes each, counted per 8 KB as well), plus the fixed parts: noise never grows beyond that.
     */
    static long pngBound(int c, int h, int w) {
        long raw = (long) h * ((long) w * c + 1);
        long pieces = raw / 8192 + 1;
        return raw + 17 * pieces + PNG_FIXED;
    }

    /**
     * The payload of {@code samples} samples of that shape.
     *
     * @param greyLevels the values as uint8 grey levels (a generator's graph computes them, the same rounding as
     *                   {@link #greyLevel}), or null to round them here from {@code values}
     */
    public byte[] encode(float[] values, byte[] greyLevels, int samples, List<Integer> shape) {
        return switch (this) {
            case FLOAT32 -> float32(values);
            case UINT8 -> greyLevels != null ? greyLevels : uint8(values);
            case PNG -> png(greyLevels != null ? greyLevels : uint8(values), samples, shape);
            case ROWS_JSON -> throw notImages("encoded from decoded rows by codec.RowsJson");
        };
    }

    private IllegalArgumentException notImages(String how) {
        return new IllegalArgumentException(wireName + " holds rows, not images: " + how);
    }

    private static byte[] float32(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static byte[] uint8(float[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (byte) greyLevel(values[i]);
        return out;
    }

    private static byte[] png(byte[] levels, int samples, List<Integer> shape) {
        int c = channels(shape), h = shape.get(shape.size() - 2), w = shape.get(shape.size() - 1);
        if (c != 1 && c != 3) throw new IllegalArgumentException("png needs grey (1) or RGB (3) channels, got shape " + shape);
        if (levels.length != samples * c * h * w) throw new IllegalArgumentException(levels.length + " values are not " + samples
                + " samples of shape " + shape);
        int per = c * h * w, plane = h * w;
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(all)) {
            for (int s = 0; s < samples; s++) {
                BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
                var raster = img.getRaster(); // band b is grey, or red, green, blue: the channel-major planes in order
                for (int b = 0; b < c; b++) {
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) raster.setSample(x, y, b, levels[s * per + b * plane + y * w + x] & 0xff);
                    }
                }
                ByteArrayOutputStream one = new ByteArrayOutputStream();
                ImageIO.write(img, "png", one);
                out.writeInt(one.size());
                one.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toByteArray();
    }

    /** Each of a payload's {@code count} samples as the bytes of this format: a PNG, C×H×W uint8, or C×H×W float32 LE. */
    public List<byte[]> split(byte[] payload, int count) {
        if (isRows()) throw notImages("one JSON object per record, read by codec.RowsJson");
        List<byte[]> out = new ArrayList<>(count);
        if (this == PNG) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
                for (int i = 0; i < count; i++) out.add(in.readNBytes(in.readInt()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
        int per = payload.length / count;
        for (int i = 0; i < count; i++) out.add(Arrays.copyOfRange(payload, i * per, (i + 1) * per));
        return out;
    }

    /** One single-channel sample (as {@link #split} gives it) as H×W 8-bit grey levels. */
    public int[] greyLevels(byte[] sample, int h, int w) {
        return levels(sample, 1, h, w);
    }

    /** One sample (as {@link #split} gives it) as C×H×W 8-bit levels, channel-major (for C = 3: the red, green, blue planes). */
    public int[] levels(byte[] sample, int c, int h, int w) {
        if (isRows()) throw notImages("no levels");
        int plane = h * w;
        int[] px = new int[c * plane];
        switch (this) {
            case PNG -> {
                try {
                    var raster = ImageIO.read(new ByteArrayInputStream(sample)).getRaster();
                    if (raster.getNumBands() < c) throw new IllegalArgumentException("a PNG of " + raster.getNumBands() + " band(s) for " + c + " channels");
                    int[] band = new int[plane];
                    for (int b = 0; b < c; b++) System.arraycopy(raster.getSamples(0, 0, w, h, b, band), 0, px, b * plane, plane);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case UINT8 -> {
                for (int i = 0; i < px.length; i++) px[i] = sample[i] & 0xff;
            }
            case FLOAT32 -> {
                var fb = ByteBuffer.wrap(sample).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                for (int i = 0; i < px.length; i++) px[i] = greyLevel(fb.get(i));
            }
        }
        return px;
    }
}
