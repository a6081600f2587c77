package io.synthstream.trainer.evaluation;

import io.synthstream.contracts.codec.SampleGrids;
import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.export.GeneratorSession;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A class-balanced set of samples from an exported generator, as grey levels like real images, optionally
 * kept only where a classifier gives the requested class at least a minimum probability (the
 * post-processing of "Gap Filler"-style pipelines: drop samples that do not look like their label).
 */
public final class SyntheticSamples {
    private static final int BATCH = 1000;
    /** Filtering gives up after drawing this many times the samples asked for (a class the filter never accepts). */
    private static final int MAX_DRAWS_PER_SAMPLE = 20;

    /** The samples, and the share of drawn samples the filter kept (1 without a filter). */
    public record Pool(LabelledImages images, double acceptance) {
    }

    private SyntheticSamples() {
    }

    /**
     * @param filter       null for no filter
     * @param minConfidence the filter's minimum probability of the requested class
     */
    public static Pool draw(GeneratorSession session, GanShape shape, List<String> classNames, int perClass, ReferenceClassifier filter,
                            double minConfidence, long seed) {
        return draw(session, shape, classNames, perClass, filter, minConfidence, 1.0, seed);
    }

    /**
     * @param latentScale standard deviation of the latent vectors (1 = as trained; below 1 truncates towards typical
     *                    samples, above 1 widens towards rarer ones)
     */
    public static Pool draw(GeneratorSession session, GanShape shape, List<String> classNames, int perClass, ReferenceClassifier filter,
                            double minConfidence, double latentScale, long seed) {
        int classes = shape.numClasses(), p = shape.pixels(), wanted = perClass * classes;
        byte[] pixels = new byte[wanted * p];
        int[] labels = new int[wanted];
        int[] kept = new int[classes];
        int total = 0;
        long drawn = 0;
        SplittableRandom rnd = new SplittableRandom(seed);
        while (total < wanted && drawn < (long) MAX_DRAWS_PER_SAMPLE * wanted) {
            int[] needy = java.util.stream.IntStream.range(0, classes).filter(c -> kept[c] < perClass).toArray();
            int n = filter == null ? Math.min(BATCH, wanted - total) : BATCH;
            int[] l = new int[n];
            for (int i = 0; i < n; i++) l[i] = needy[i % needy.length];
            float[] z = GanTraining.gaussian(rnd, n * shape.latentSize());
            if (latentScale != 1.0) for (int i = 0; i < z.length; i++) z[i] *= (float) latentScale;
            float[] s = session.generate(z, l);
            float[] probs = filter == null ? null : filter.probabilities(s, n);
            drawn += n;
            for (int i = 0; i < n && total < wanted; i++) {
                int c = l[i];
                if (kept[c] >= perClass || (probs != null && probs[i * classes + c] < minConfidence)) continue;
                for (int j = 0; j < p; j++) pixels[total * p + j] = greyLevel(s[i * p + j]);
                labels[total++] = c;
                kept[c]++;
            }
        }
        var images = new LabelledImages(java.util.Arrays.copyOf(pixels, total * p), java.util.Arrays.copyOf(labels, total),
                shape.channels(), shape.height(), shape.width(), classNames);
        return new Pool(images, drawn == 0 ? 0 : (double) total / drawn);
    }

    /** [-1, 1] → 0..255, as the generator's uint8 format rounds it. */
    static byte greyLevel(float v) {
        return (byte) SampleGrids.pixel(v);
    }
}
