package io.synthstream.trainer.benchmark;

import io.synthstream.trainer.data.LabelledImages;
import io.synthstream.trainer.evaluation.ReferenceClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Unlabelled images labelled by a classifier trained on the few labelled ones, kept only where it gives
 * a class at least a minimum probability: what the semi-supervised GAN variant learns from besides the
 * labelled images. The true labels of the pool are read only to report how many kept labels are right.
 */
record PseudoLabels(LabelledImages images, double accuracy) {
    private static final int BATCH = 1000;

    static PseudoLabels of(ReferenceClassifier labeller, LabelledImages pool, int[] unlabelled, double minConfidence) {
        int classes = pool.numClasses(), p = pool.pixelsPerImage();
        List<Integer> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int right = 0;
        float[] x = new float[BATCH * p];
        for (int start = 0; start < unlabelled.length; start += BATCH) {
            int n = Math.min(BATCH, unlabelled.length - start);
            for (int i = 0; i < n; i++) pool.imageInto(unlabelled[start + i], x, i * p);
            float[] probs = labeller.probabilities(n == BATCH ? x : java.util.Arrays.copyOf(x, n * p), n);
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
                if (probs[i * classes + best] < minConfidence) continue;
                int index = unlabelled[start + i];
                kept.add(index);
                labels.add(best);
                if (pool.labels()[index] == best) right++;
            }
        }
        LabelledImages images = pool.subset(kept.stream().mapToInt(Integer::intValue).toArray());
        int[] assigned = labels.stream().mapToInt(Integer::intValue).toArray();
        var relabelled = new LabelledImages(images.pixels(), assigned, images.channels(), images.height(), images.width(), images.classNames());
        return new PseudoLabels(relabelled, kept.isEmpty() ? 0 : (double) right / kept.size());
    }
}
