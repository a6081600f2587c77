package io.synthstream.generator.tools;

import io.synthstream.generator.models.LoadedGenerator;
import java.util.SplittableRandom;

/** The same n latents (seed 1) and balanced labels every time: what the bench and device-check time and compare. */
public record FixedBatch(float[] z, int[] labels) {
    public static FixedBatch of(LoadedGenerator g, int n) {
        float[] z = new float[n * g.latentSize()];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < z.length; i++) z[i] = (float) rnd.nextGaussian();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % g.numClasses();
        return new FixedBatch(z, labels);
    }

    public float[] generate(LoadedGenerator g) {
        return g.generate(z, labels);
    }

    /** Samples/s of back-to-back inference calls on this batch: 1 s of warm-up, then 3 s measured. */
    public double samplesPerSecond(LoadedGenerator g) {
        for (long warm = System.nanoTime() + 1_000_000_000L; System.nanoTime() < warm; ) generate(g);
        long start = System.nanoTime(), calls = 0;
        while (System.nanoTime() - start < 3_000_000_000L) {
            generate(g);
            calls++;
        }
        return calls * labels.length / ((System.nanoTime() - start) / 1e9);
    }
}
