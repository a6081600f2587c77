package io.synthstream.generator.samples;

import io.synthstream.contracts.events.GenerationRequested;
import java.util.List;

/**
 * How many samples one output record may hold. Kafka refuses a record over the topic's {@code max.message.bytes}
 * (or the producer's {@code max.request.size}); inside the request loop's transaction that failure would abort the
 * batch every time it is retried and stall the request's partition for good. So a request's records hold as many
 * samples as fit — large samples (a user's 64×64 images in float32 are 16 KB each) travel fewer to a record — and a
 * request not even one of whose samples fits is dead-lettered. Sizes are counted from above: payload, headers
 * and Kafka's framing.
 */
public final class RecordSizes {
    /**
     * The header names, the numeric header values (index, count, first sample, version, seed: 20 digits at most
     * each), the format, Kafka's record batch header (61 bytes) and one record's varints, with room to spare.
     */
    static final int FIXED = 1024;
    /** PNG signature, IHDR, IEND and the zlib header and checksum, with room for a few ancillary chunks. */
    private static final int PNG_FIXED = 512;

    private RecordSizes() {
    }

    /**
     * The most samples of a request one record can hold, 0 if not even one fits.
     *
     * @param maxRecordBytes the largest record the output topic and the producer accept
     */
    public static int samplesThatFit(String format, List<Integer> shape, int numClasses, String requestId, String model,
                                     int maxRecordBytes) {
        long perSample = payloadBytesPerSample(format, shape) + Integer.toString(Math.max(0, numClasses - 1)).length() + 1; // + its label and comma
        long fixed = FIXED + 2L * requestId.length() + model.length() + 12L * shape.size(); // key and id header; model; shape header
        long room = maxRecordBytes - fixed;
        return room <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, room / perSample);
    }

    /** Payload bytes of a request's whole answer at most: what a request and a transaction are limited by. */
    public static long answerBytes(int count, String format, List<Integer> shape) {
        return count * payloadBytesPerSample(format, shape);
    }

    /** Payload bytes of one sample at most (docs/events.md): exact for float32 and uint8, a bound for png. */
    public static long payloadBytesPerSample(String format, List<Integer> shape) {
        long values = 1;
        for (int d : shape) values *= d;
        return switch (format) {
            case GenerationRequested.FLOAT32 -> 4 * values;
            case GenerationRequested.UINT8 -> values;
            case GenerationRequested.PNG -> 4 + pngBound(shape.get(shape.size() - 2), shape.get(shape.size() - 1));
            default -> throw new IllegalArgumentException("unknown format " + format);
        };
    }

    /**
     * An 8-bit grayscale PNG of h × w is at most its filtered rows (a filter byte each) stored uncompressed by
     * deflate (5 bytes per stored block of up to 16 383 bytes here: counted per 8 KB to be safe), split into IDAT
     * chunks (12 bytes each, counted per 8 KB as well), plus the fixed parts: noise never grows beyond that.
     */
    static long pngBound(int h, int w) {
        long raw = (long) h * (w + 1);
        long pieces = raw / 8192 + 1;
        return raw + 17 * pieces + PNG_FIXED;
    }
}
