package io.synthstream.generator.samples;

import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.LoadedGenerator;
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

    private RecordSizes() {
    }

    /**
     * The most samples of a request one image record can hold, 0 if not even one fits.
     *
     * @param maxRecordBytes the largest record the output topic and the producer accept
     */
    public static int samplesThatFit(SampleFormat format, List<Integer> shape, int numClasses, String requestId, String model,
                                     int maxRecordBytes) {
        return samplesThatFit(format.payloadBytesPerSample(shape), 0, shape, numClasses, requestId, model, maxRecordBytes);
    }

    /**
     * The most samples (images or rows) of a request to that version one record can hold, 0 if not even one fits.
     *
     * @throws IllegalArgumentException for a format the version does not serve
     */
    public static int samplesThatFit(SampleFormat format, LoadedGenerator g, String requestId, int maxRecordBytes) {
        return samplesThatFit(g.payloadBytesPerSample(format), g.fixedPayloadBytes(format), g.event().contract().sampleShape(), g.numClasses(),
                requestId, g.modelName(), maxRecordBytes);
    }

    private static int samplesThatFit(long payloadPerSample, long fixedPayload, List<Integer> shape, int numClasses, String requestId,
                                      String model, int maxRecordBytes) {
        long perSample = payloadPerSample + Integer.toString(Math.max(0, numClasses - 1)).length() + 1; // + its label and comma
        long fixed = FIXED + fixedPayload + 2L * requestId.length() + model.length() + 12L * shape.size(); // key and id header; model; shape header
        long room = maxRecordBytes - fixed;
        return room <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, room / perSample);
    }

    /** Payload bytes of a request's whole image answer at most: what a request and a transaction are limited by. */
    public static long answerBytes(int count, SampleFormat format, List<Integer> shape) {
        return count * format.payloadBytesPerSample(shape);
    }

    /**
     * Payload bytes of a request's whole answer from that version at most (rows-json's names counted once).
     *
     * @throws IllegalArgumentException for a format the version does not serve
     */
    public static long answerBytes(int count, SampleFormat format, LoadedGenerator g) {
        return count * g.payloadBytesPerSample(format) + g.fixedPayloadBytes(format);
    }
}
