package io.synthstream.examples.downstream;

import io.synthstream.trainer.data.LabelledImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The low-data case: the first {@code perClass} images of each class of a training set (file order,
 * so every run and the GAN's image folder use the same images), and how to write them as an image
 * folder the trainer can learn from ({@code train/} and {@code test/}, one sub-folder per class).
 */
public final class LowDataSubset {
    private LowDataSubset() {
    }

    /** The first {@code perClass} images of each class, after skipping the first {@code skipPerClass}. */
    public static LabelledImages take(LabelledImages all, int skipPerClass, int perClass) {
        int[] seen = new int[all.numClasses()];
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            int c = all.labels()[i];
            if (seen[c] >= skipPerClass && seen[c] < skipPerClass + perClass) chosen.add(i);
            seen[c]++;
        }
        for (int c = 0; c < seen.length; c++) {
            if (seen[c] < skipPerClass + perClass) {
                throw new IllegalArgumentException("class " + all.classNames().get(c) + " has only " + seen[c] + " images");
            }
        }
        int p = all.pixelsPerImage();
        byte[] pixels = new byte[chosen.size() * p];
        int[] labels = new int[chosen.size()];
        for (int k = 0; k < chosen.size(); k++) {
            System.arraycopy(all.pixels(), chosen.get(k) * p, pixels, k * p, p);
            labels[k] = all.labels()[chosen.get(k)];
        }
        return new LabelledImages(pixels, labels, all.height(), all.width(), all.classNames());
    }

    /** Both sets concatenated (same shape and classes). */
    public static LabelledImages concat(LabelledImages a, LabelledImages b) {
        byte[] pixels = new byte[a.pixels().length + b.pixels().length];
        System.arraycopy(a.pixels(), 0, pixels, 0, a.pixels().length);
        System.arraycopy(b.pixels(), 0, pixels, a.pixels().length, b.pixels().length);
        int[] labels = new int[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, labels, 0, a.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new LabelledImages(pixels, labels, a.height(), a.width(), a.classNames());
    }

    /** Writes images as {@code folder/<part>/<class index, 2 digits>/<n>.png} (so folder order is class order), 8-bit grayscale. */
    public static void writeFolder(LabelledImages images, Path folder, String part) throws IOException {
        int p = images.pixelsPerImage();
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = new BufferedImage(images.width(), images.height(), BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setDataElements(0, 0, images.width(), images.height(), java.util.Arrays.copyOfRange(images.pixels(), i * p, (i + 1) * p));
            Path file = folder.resolve(part).resolve(String.format("%02d", images.labels()[i])).resolve(String.format("%05d.png", i));
            Files.createDirectories(file.getParent());
            ImageIO.write(img, "png", file.toFile());
        }
    }
}
