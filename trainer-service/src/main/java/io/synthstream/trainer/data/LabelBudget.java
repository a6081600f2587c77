package io.synthstream.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The few-labels case: N labelled images drawn class-balanced from a training set, split into the images
 * a classifier or GAN may train on and a validation split (every choice of a recipe is made on it, never
 * on the test set); the rest of the training set stays available as unlabelled images.
 */
public record LabelBudget(LabelledImages labelled, LabelledImages validation, int[] unlabelledIndices) {

    /** N / classes images of each class at random, then {@code validationShare} of each class (at least one) held out. */
    public static LabelBudget draw(LabelledImages train, int n, double validationShare, long seed) {
        int classes = train.numClasses(), perClass = n / classes;
        if (perClass < 2) throw new IllegalArgumentException("at least 2 labelled images per class are needed, got " + n + " for " + classes);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<List<Integer>> byClass = byClass(train, rnd);
        List<Integer> labelled = new ArrayList<>(), held = new ArrayList<>();
        boolean[] used = new boolean[train.size()];
        int validationPerClass = Math.max(1, (int) Math.round(perClass * validationShare));
        for (int c = 0; c < classes; c++) {
            List<Integer> of = byClass.get(c);
            if (of.size() < perClass) throw new DatasetException("class " + train.classNames().get(c) + " has " + of.size() + " images, fewer than " + perClass);
            for (int i = 0; i < perClass; i++) {
                (i < validationPerClass ? held : labelled).add(of.get(i));
                used[of.get(i)] = true;
            }
        }
        int[] rest = java.util.stream.IntStream.range(0, train.size()).filter(i -> !used[i]).toArray();
        return new LabelBudget(train.subset(toArray(labelled)), train.subset(toArray(held)), rest);
    }

    /** {@code validationShare} of each class (at least one image where a class has two or more) held out at random; [train, validation]. */
    public static LabelledImages[] stratifiedSplit(LabelledImages data, double validationShare, long seed) {
        List<Integer> train = new ArrayList<>(), held = new ArrayList<>();
        for (List<Integer> of : byClass(data, new SplittableRandom(seed))) {
            int v = of.size() < 2 ? 0 : Math.max(1, (int) Math.round(of.size() * validationShare));
            for (int i = 0; i < of.size(); i++) (i < v ? held : train).add(of.get(i));
        }
        return new LabelledImages[]{data.subset(toArray(train)), data.subset(toArray(held))};
    }

    /** Each class's indices, shuffled. */
    private static List<List<Integer>> byClass(LabelledImages data, SplittableRandom rnd) {
        List<List<Integer>> out = new ArrayList<>();
        for (int c = 0; c < data.numClasses(); c++) out.add(new ArrayList<>());
        int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i : order) out.get(data.labels()[i]).add(i);
        return out;
    }

    private static int[] toArray(List<Integer> l) {
        int[] a = l.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
