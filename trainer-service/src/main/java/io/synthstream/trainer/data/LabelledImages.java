package io.synthstream.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Grayscale images with class labels, kept as unsigned bytes (N × height × width) to stay small.
 * Tensors are made on demand with pixels scaled to [-1, 1], the generator's output range.
 */
public record LabelledImages(byte[] pixels, int[] labels, int height, int width, List<String> classNames) {

    public LabelledImages {
        if (pixels.length != labels.length * height * width) {
            throw new DatasetException("images and labels disagree: " + pixels.length + " pixels for " + labels.length
                    + " labels of " + height + "x" + width);
        }
        for (int l : labels) {
            if (l < 0 || l >= classNames.size()) throw new DatasetException("label " + l + " outside [0, " + classNames.size() + ")");
        }
    }

    public int size() {
        return labels.length;
    }

    public int pixelsPerImage() {
        return height * width;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Images at the given indices as float32 [n, height*width] in [-1, 1]. */
    public NDArray images(NDManager manager, int[] indices) {
        int p = pixelsPerImage();
        float[] out = new float[indices.length * p];
        for (int i = 0; i < indices.length; i++) {
            int base = indices[i] * p;
            for (int j = 0; j < p; j++) out[i * p + j] = (pixels[base + j] & 0xff) / 127.5f - 1f;
        }
        return manager.create(out, new Shape(indices.length, p));
    }

    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = labels[indices[i]];
        return out;
    }
}
