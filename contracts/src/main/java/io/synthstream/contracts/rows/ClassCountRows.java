package io.synthstream.contracts.rows;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Exactly {@code classCounts[c]} rows of each class c from a tabular generator, in class order, decoded by
 * {@link RowDecoder}: the one loop by which the trainer measures a version and a generator answers a request, so that
 * the rows a request for the same counts and seed gets are the rows the version's figures were measured on.
 * Conditioning is direct (the label input), so no row is drawn and thrown away.
 *
 * <p>Draws, all from the seed: the latents of row i are the i-th {@code latentSize} Gaussian draws of
 * {@code SplittableRandom(seed)} (a generator's request latents, at latent scale 1); the softmax blocks of row i are
 * drawn from {@link #rowDraws}{@code (seed, i)}, a source of its own per row, so a row decodes the same however the
 * rows were batched and whichever thread decodes it.
 *
 * @param labels each row's class index
 * @param rows   typed values in the schema's column order ({@link RowDecoder})
 */
public record ClassCountRows(int[] labels, double[][] rows) {

    /** A tabular generator's output [n, width] (after its span activations) for latents [n, latentSize] and classes [n]. */
    @FunctionalInterface
    public interface TabularOutput {
        float[] generate(float[] z, int[] labels);
    }

    public int size() {
        return rows.length;
    }

    /** The class of each row for those counts: class 0's rows first, then class 1's, and so on. */
    public static int[] labels(int[] classCounts) {
        int total = 0;
        for (int n : classCounts) {
            if (n < 0) throw new IllegalArgumentException("class counts must not be negative: " + Arrays.toString(classCounts));
            total += n;
        }
        int[] labels = new int[total];
        for (int c = 0, i = 0; c < classCounts.length; c++) for (int k = 0; k < classCounts[c]; k++) labels[i++] = c;
        return labels;
    }

    /**
     * The rows of those counts, generated {@code batch} rows per call.
     *
     * @param generator the version's output function (an ONNX session, or the trainer's own generator)
     */
    public static ClassCountRows generate(RowDecoder decoder, int latentSize, int[] classCounts, long seed, int batch, TabularOutput generator) {
        if (batch < 1) throw new IllegalArgumentException("a batch holds at least one row, got " + batch);
        int[] labels = labels(classCounts);
        double[][] rows = new double[labels.length][];
        SplittableRandom latents = new SplittableRandom(seed);
        for (int from = 0; from < labels.length; from += batch) {
            int n = Math.min(batch, labels.length - from);
            float[] z = new float[n * latentSize];
            for (int i = 0; i < z.length; i++) z[i] = (float) latents.nextGaussian();
            double[][] decoded = decode(decoder, generator.generate(z, Arrays.copyOfRange(labels, from, from + n)), from, n, seed);
            System.arraycopy(decoded, 0, rows, from, n);
        }
        return new ClassCountRows(labels, rows);
    }

    /**
     * Rows [firstRow, firstRow + n) of a request with that seed, from their output values (n × width floats, row
     * firstRow first): each decoded with its own {@link #rowDraws}.
     */
    public static double[][] decode(RowDecoder decoder, float[] values, int firstRow, int n, long seed) {
        if (values.length != n * decoder.width()) {
            throw new IllegalArgumentException(values.length + " output values are not " + n + " rows of " + decoder.width());
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) rows[i] = decoder.decode(values, i * decoder.width(), rowDraws(seed, firstRow + i));
        return rows;
    }

    /**
     * The source row {@code row} of a request with that seed draws its softmax blocks from: seeded by a strong mix
     * (MurmurHash3's finaliser) of the seed and the row, so neighbouring rows' sources are unrelated to each other and
     * to the latent stream {@code SplittableRandom(seed)}.
     */
    public static SplittableRandom rowDraws(long seed, long row) {
        return new SplittableRandom(mix(seed ^ mix(row + DRAWS_SALT)));
    }

    /** Keeps row 0's source apart from the latent stream of a seed of 0. */
    private static final long DRAWS_SALT = 0x9E3779B97F4A7C15L;

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
