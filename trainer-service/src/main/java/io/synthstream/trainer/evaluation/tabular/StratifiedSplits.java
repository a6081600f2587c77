package io.synthstream.trainer.evaluation.tabular;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified splits by class index: every class is shuffled on its own and dealt out, so each fold (and each side of
 * a hold-out split) keeps the table's class shares, which matters for a rare class of a few hundred rows.
 */
public final class StratifiedSplits {
    private StratifiedSplits() {
    }

    /** A training part and a held-out part, as row indexes. */
    public record Split(int[] train, int[] heldOut) {
    }

    /** k folds: fold f holds out the f-th share of every class and trains on the rest. */
    public static List<Split> folds(int[] labels, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("at least 2 folds, not " + k);
        int[] foldOf = new int[labels.length];
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        SplittableRandom rnd = new SplittableRandom(seed);
        int next = 0; // deal each class on from where the last one stopped, so fold sizes differ by at most one
        for (int c = 0; c < classes; c++) {
            int[] members = shuffled(members(labels, c), rnd);
            for (int m : members) foldOf[m] = next++ % k;
        }
        List<Split> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            final int fold = f;
            int[] out = java.util.stream.IntStream.range(0, labels.length).filter(i -> foldOf[i] == fold).toArray();
            int[] in = java.util.stream.IntStream.range(0, labels.length).filter(i -> foldOf[i] != fold).toArray();
            folds.add(new Split(in, out));
        }
        return folds;
    }

    /** Holds out {@code share} of every class (at least one row of a class that has two or more). */
    public static Split holdOut(int[] labels, double share, long seed) {
        if (share <= 0 || share >= 1) throw new IllegalArgumentException("held-out share " + share + " is not in (0, 1)");
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] held = new boolean[labels.length];
        for (int c = 0; c < classes; c++) {
            int[] members = shuffled(members(labels, c), rnd);
            int n = members.length < 2 ? 0 : Math.max(1, (int) Math.round(share * members.length));
            for (int i = 0; i < n; i++) held[members[i]] = true;
        }
        int[] out = java.util.stream.IntStream.range(0, labels.length).filter(i -> held[i]).toArray();
        int[] in = java.util.stream.IntStream.range(0, labels.length).filter(i -> !held[i]).toArray();
        return new Split(in, out);
    }

    private static int[] members(int[] labels, int c) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    }

    private static int[] shuffled(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
