package io.synthstream.generator.bench;

import io.synthstream.generator.tools.PublishedModels;
import io.synthstream.generator.tools.FixedBatch;
import io.synthstream.contracts.events.GenerationRequested;
import io.synthstream.contracts.samples.SampleFormat;
import io.synthstream.generator.models.GeneratorLoader;
import io.synthstream.generator.models.InferenceDevice;
import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.models.ModelLease;
import io.synthstream.generator.requests.DynamicBatcher;
import io.synthstream.generator.requests.PlannedRequest;
import io.synthstream.generator.samples.SampleRecords;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The bench's figures without Kafka, samples/s: (1) ONNX Runtime at batch 1, 64 and 256, and the service's answer
 * path (latents, batched inference, encoding) for uint8 and float32. The launcher measures them in a JVM of their
 * own, with the default JIT compilers, and passes them to the run that loads the service ({@link #LINE}).
 */
record InProcessFigures(double batch1, double batch64, double batch256, double answerUint8, double answerFloat32) {
    /** The last line of an --in-process-only run, for the launcher to pass on with --in-process. */
    static final String LINE = "in-process figures: ";

    static InProcessFigures measure(PublishedModels.Newest source, int perRequest) throws Exception {
        InferenceDevice device = InferenceDevice.choose("auto");
        System.out.printf("(1) device %s (%s)%n", device.device(), device.reason());
        var loader = new GeneratorLoader(device.device(), Files.createTempDirectory("bench"));
        LoadedGenerator g = loader.load(source.event(), source.onnx());
        try {
            return new InProcessFigures(FixedBatch.of(g, 1).samplesPerSecond(g), FixedBatch.of(g, 64).samplesPerSecond(g),
                    FixedBatch.of(g, 256).samplesPerSecond(g), answerPath(g, SampleFormat.UINT8, perRequest), answerPath(g, SampleFormat.FLOAT32, perRequest));
        } finally {
            g.release();
        }
    }

    /**
     * The service's answer path without Kafka, as one transaction of 500 requests runs it: latents, batched
     * inference, encoding and record building (best of 6). Tells how much of (2) the answering itself costs.
     */
    private static double answerPath(LoadedGenerator g, SampleFormat format, int perRequest) {
        return answerPath(g, i -> new GenerationRequested("p" + i, g.modelName(), null, perRequest, null, null, (long) i, format.wireName(), null),
                500, 6);
    }

    /**
     * Samples (or rows) per second of the service's answer path for {@code requests} requests made by {@code request} (from
     * their index), the best of {@code rounds}: the generator's dynamic batcher at its defaults (512 per inference call, 256
     * per record) and its record building ({@link SampleRecords#samples}: encoding, or a tabular version's decoding into
     * rows-json). Nothing is sent; each record's size is summed so that the encoding is not optimised away.
     */
    static double answerPath(LoadedGenerator g, IntFunction<GenerationRequested> request, int requests, int rounds) {
        var batcher = new DynamicBatcher(512, 256, n -> { });
        long best = Long.MAX_VALUE, samples = 0;
        for (int round = 0; round < rounds; round++) {
            List<PlannedRequest> planned = new ArrayList<>();
            samples = 0;
            for (int i = 0; i < requests; i++) {
                var r = request.apply(i);
                int[] labels = r.resolveLabels(g.numClasses());
                samples += labels.length;
                planned.add(new PlannedRequest(r, ModelLease.take(g).orElseThrow(), labels, r.seed() == null ? i : r.seed(), "t", 0, 0));
            }
            long t = System.nanoTime();
            long[] bytes = {0}; // used, so that the encoding is not optimised away
            batcher.run(planned, SampleRecords::samples, (slice, record) -> bytes[0] += record.value().length);
            best = Math.min(best, System.nanoTime() - t);
            planned.forEach(PlannedRequest::close);
        }
        return samples / (best / 1e9);
    }

    /** The five figures as {@link #line()} wrote them. */
    static InProcessFigures parse(String line) {
        var bad = new IllegalArgumentException("--in-process takes five positive samples/s figures (batch 1, 64, 256, uint8, float32), got '"
                + line + "'");
        try {
            double[] v = Arrays.stream(line.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
            if (v.length != 5 || Arrays.stream(v).anyMatch(x -> !(x > 0))) throw bad;
            return new InProcessFigures(v[0], v[1], v[2], v[3], v[4]);
        } catch (NumberFormatException e) {
            throw bad;
        }
    }

    String line() {
        return Arrays.stream(new double[] {batch1, batch64, batch256, answerUint8, answerFloat32}).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                .collect(Collectors.joining(","));
    }

    void print() {
        System.out.printf("(1) in-process ONNX Runtime   batch 1: %,.0f  batch 64: %,.0f  batch 256: %,.0f samples/s%n", batch1, batch64, batch256);
        System.out.printf("    answer path without Kafka (latents, inference, encoding)  uint8: %,.0f  float32: %,.0f samples/s%n",
                answerUint8, answerFloat32);
    }
}
