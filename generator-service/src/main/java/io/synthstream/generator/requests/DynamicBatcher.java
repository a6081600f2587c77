package io.synthstream.generator.requests;

import io.synthstream.generator.models.LoadedGenerator;
import io.synthstream.generator.samples.SampleSlice;
import io.synthstream.onnx.GeneratorOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Coalesces the samples of many requests into few inference calls, like Triton's dynamic batcher:
 * each request is cut into slices of at most {@code samplesPerRecord} (one output record each; fewer where its
 * topic takes smaller records, {@link PlannedRequest#samplesPerRecord()}), and
 * slices of requests on the same generator version are packed into calls of at most {@code maxBatch}
 * samples. Large requests are thereby split; small ones share a call. Latents of sample i of a request
 * are the i-th draws of the request's seed, so the output does not depend on how it was batched.
 */
public final class DynamicBatcher {
    /**
     * Samples [from, to) of a request, computed: float32 and rows-json need the values, uint8 and png the grey levels,
     * or the values where the version's graph does not give them.
     */
    public record Slice(PlannedRequest request, int index, int sliceCount, int from, int to, float[] values, byte[] greyLevels)
            implements SampleSlice {
        boolean wantsValues() {
            return !request.format().encodesGreyLevels() || !request.generator().greyLevelsFromGraph();
        }
    }

    public interface SliceSink {
        void accept(Slice slice);
    }

    private final int maxBatch;
    private final int samplesPerRecord;
    private final IntConsumer batchSizes;

    public DynamicBatcher(int maxBatch, int samplesPerRecord, IntConsumer batchSizes) {
        if (samplesPerRecord > maxBatch) throw new IllegalArgumentException("samples per record must not exceed the max batch");
        this.maxBatch = maxBatch;
        this.samplesPerRecord = samplesPerRecord;
        this.batchSizes = batchSizes;
    }

    /** Runs every request and hands each computed slice to the sink, in request order per request. */
    public void run(List<PlannedRequest> requests, SliceSink sink) {
        run(requests, s -> s, (s, same) -> sink.accept(s));
    }

    /**
     * Runs every request; the slices of each inference call are {@code prepare}d (encoded into records) on
     * several cores at once — between two inference calls ONNX Runtime's threads are idle, and one thread
     * encoding uint8 was the answer path's bottleneck — then handed to the sink one by one, in request
     * order per request.
     */
    public <T> void run(List<PlannedRequest> requests, Function<Slice, T> prepare, BiConsumer<Slice, T> sink) {
        Map<LoadedGenerator, List<PlannedRequest>> byGenerator = new LinkedHashMap<>();
        for (PlannedRequest r : requests) byGenerator.computeIfAbsent(r.generator(), g -> new ArrayList<>()).add(r);
        for (var e : byGenerator.entrySet()) runOn(e.getKey(), e.getValue(), prepare, sink);
    }

    private <T> void runOn(LoadedGenerator g, List<PlannedRequest> requests, Function<Slice, T> prepare, BiConsumer<Slice, T> sink) {
        int latent = g.latentSize(), size = g.sampleSize();
        List<Slice> pack = new ArrayList<>();
        int packed = 0;
        for (PlannedRequest r : requests) {
            SplittableRandom rnd = new SplittableRandom(r.seed());
            double scale = r.request().latentScaleOrDefault();
            int perRecord = Math.min(samplesPerRecord, r.samplesPerRecord());
            int slices = (r.count() + perRecord - 1) / perRecord;
            for (int s = 0; s < slices; s++) {
                int from = s * perRecord, to = Math.min(r.count(), from + perRecord);
                if (packed + (to - from) > maxBatch) {
                    infer(g, pack, packed, latent, size, prepare, sink);
                    pack = new ArrayList<>();
                    packed = 0;
                }
                float[] z = new float[(to - from) * latent];
                for (int i = 0; i < z.length; i++) z[i] = (float) (scale * rnd.nextGaussian());
                pack.add(new Slice(r, s, slices, from, to, z, null)); // values hold the latents until inference
                packed += to - from;
            }
        }
        if (!pack.isEmpty()) infer(g, pack, packed, latent, size, prepare, sink);
    }

    private <T> void infer(LoadedGenerator g, List<Slice> pack, int n, int latent, int size, Function<Slice, T> prepare,
                           BiConsumer<Slice, T> sink) {
        float[] z = new float[n * latent];
        int[] labels = new int[n];
        int at = 0;
        for (Slice s : pack) {
            System.arraycopy(s.values(), 0, z, at * latent, s.values().length);
            System.arraycopy(s.request().labels(), s.from(), labels, at, s.to() - s.from());
            at += s.to() - s.from();
        }
        boolean values = false, greyLevels = false;
        for (Slice s : pack) {
            if (s.wantsValues()) values = true;
            else greyLevels = true;
        }
        GeneratorOutput out = g.generate(z, labels, values, greyLevels);
        batchSizes.accept(n);
        List<Slice> computed = new ArrayList<>(pack.size());
        at = 0;
        for (Slice s : pack) {
            int k = s.to() - s.from();
            boolean v = s.wantsValues();
            computed.add(new Slice(s.request(), s.index(), s.sliceCount(), s.from(), s.to(),
                    v ? Arrays.copyOfRange(out.values(), at * size, (at + k) * size) : null,
                    v ? null : Arrays.copyOfRange(out.greyLevels(), at * size, (at + k) * size)));
            at += k;
        }
        List<T> prepared = computed.size() == 1 ? List.of(prepare.apply(computed.get(0))) : computed.parallelStream().map(prepare).toList();
        for (int i = 0; i < computed.size(); i++) sink.accept(computed.get(i), prepared.get(i));
    }
}
