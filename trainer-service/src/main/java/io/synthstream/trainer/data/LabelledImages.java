package io.synthstream.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Images with class labels, kept as unsigned bytes (N × channels × height × width, channel-major: for RGB the
 * red, green and blue planes of an image follow one another) to stay small; channels is 1 for grey images.
 * Tensors are made on demand with pixels scaled to [-1, 1], the generator's output range.
 */
public record LabelledImages(byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {

    public LabelledImages {
        if (channels != 1 && channels != 3) throw new DatasetException("images are grey (1 channel) or RGB (3), not " + channels);
        if (pixels.length != labels.length * channels * height * width) {
            throw new DatasetException("images and labels disagree: " + pixels.length + " pixels for " + labels.length
                    + " labels of " + channels + "x" + height + "x" + width);
        }
        for (int l : labels) {
            if (l < 0 || l >= classNames.size()) throw new DatasetException("label " + l + " outside [0, " + classNames.size() + ")");
        }
    }

    /** Grey images. */
    public LabelledImages(byte[] pixels, int[] labels, int height, int width, List<String> classNames) {
        this(pixels, labels, 1, height, width, classNames);
    }

    public int size() {
        return labels.length;
    }

    /** Values per image: channels × height × width. */
    public int pixelsPerImage() {
        return channels * height * width;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Images at the given indices as float32 [n, channels*height*width] in [-1, 1]. */
    public NDArray images(NDManager manager, int[] indices) {
        int p = pixelsPerImage();
        float[] out = new float[indices.length * p];
        for (int i = 0; i < indices.length; i++) imageInto(indices[i], out, i * p);
        return manager.create(out, new Shape(indices.length, p));
    }

    /** The images at the given indices, with their labels, as a set of their own. */
    public LabelledImages subset(int[] indices) {
        int p = pixelsPerImage();
        byte[] px = new byte[indices.length * p];
        for (int i = 0; i < indices.length; i++) System.arraycopy(pixels, indices[i] * p, px, i * p, p);
        return new LabelledImages(px, labels(indices), channels, height, width, classNames);
    }

    /** Both sets' images, this one's first. */
    public LabelledImages concat(LabelledImages other) {
        byte[] px = java.util.Arrays.copyOf(pixels, pixels.length + other.pixels.length);
        System.arraycopy(other.pixels, 0, px, pixels.length, other.pixels.length);
        int[] l = java.util.Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return new LabelledImages(px, l, channels, height, width, classNames);
    }

    /** One image's pixels as floats in [-1, 1], written into {@code out} at {@code offset}. */
    public void imageInto(int index, float[] out, int offset) {
        int p = pixelsPerImage(), base = index * p;
        for (int j = 0; j < p; j++) out[offset + j] = (pixels[base + j] & 0xff) / 127.5f - 1f;
    }

    public int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) out[i] = labels[indices[i]];
        return out;
    }
}
