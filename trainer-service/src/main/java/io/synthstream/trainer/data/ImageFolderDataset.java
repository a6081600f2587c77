package io.synthstream.trainer.data;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A user's labelled images: one sub-folder per class (its name is the class name) of PNG or JPEG
 * files, grayscale or RGB, all of one size. Either the folder holds the class folders directly, and
 * every sixth image of each class (in file-name order) is kept for the test set, or it holds
 * {@code train/} and {@code test/} with the same class folders. Images are resized (area averaging)
 * to the declared shape (transparent parts count as black). The data set is RGB (3 channels, stored
 * channel-major) when any image has a pixel whose red, green and blue differ; otherwise it is grey
 * (1 channel), as a grey PNG, a JPEG of grey levels or an RGB file of grey pixels all are.
 */
public final class ImageFolderDataset {
    /** Without a train/test split, image i of a class (0-based, name order) is a test image when i % 6 == 5. */
    public static final int TEST_EVERY = 6;
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    private ImageFolderDataset() {
    }

    public static DatasetCatalog.Split read(Path folder, int height, int width) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("no image folder " + folder + " (expected one sub-folder of PNG/JPEG images per class)");
        }
        Path train = folder.resolve("train"), test = folder.resolve("test");
        if (Files.isDirectory(train) || Files.isDirectory(test)) {
            if (!Files.isDirectory(train) || !Files.isDirectory(test)) {
                throw new DatasetException(folder + ": has only one of train/ and test/; give both or neither");
            }
            List<String> classes = classFolders(train);
            if (!classes.equals(classFolders(test))) {
                throw new DatasetException(folder + ": train/ has classes " + classes + " but test/ has " + classFolders(test));
            }
            Source shape = new Source();
            Builder tr = all(train, classes, height, width, shape), te = all(test, classes, height, width, shape);
            return new DatasetCatalog.Split(tr.build(classes, shape.colour), te.build(classes, shape.colour));
        }
        List<String> classes = classFolders(folder);
        Builder tr = new Builder(height, width), te = new Builder(height, width);
        Source shape = new Source();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files = imageFiles(folder.resolve(classes.get(c)));
            if (files.size() < 2) {
                throw new DatasetException("class '" + classes.get(c) + "' (" + folder.resolve(classes.get(c)) + ") has " + files.size()
                        + " image(s); each class needs at least 2 (one for training, one for testing)");
            }
            for (int i = 0; i < files.size(); i++) {
                // a class of < 6 images still gets one test image: its last
                boolean isTest = i % TEST_EVERY == TEST_EVERY - 1 || (files.size() < TEST_EVERY && i == files.size() - 1);
                (isTest ? te : tr).add(load(files.get(i), height, width, shape), c);
            }
        }
        return new DatasetCatalog.Split(tr.build(classes, shape.colour), te.build(classes, shape.colour));
    }

    private static Builder all(Path root, List<String> classes, int height, int width, Source shape) {
        Builder b = new Builder(height, width);
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : imageFiles(root.resolve(classes.get(c)))) b.add(load(f, height, width, shape), c);
        }
        return b;
    }

    private static List<String> classFolders(Path root) {
        List<String> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(root + ": cannot list class folders: " + e.getMessage());
        }
        if (classes.size() < 2) {
            throw new DatasetException(root + ": found " + classes.size() + " class folder(s) " + classes
                    + "; a conditional GAN needs at least 2 (one sub-folder of images per class)");
        }
        return classes;
    }

    private static List<Path> imageFiles(Path classFolder) {
        List<Path> files;
        try (Stream<Path> s = Files.list(classFolder)) {
            files = s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(classFolder + ": cannot list images: " + e.getMessage());
        }
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (Files.isDirectory(f) || EXTENSIONS.stream().noneMatch(name::endsWith)) {
                throw new DatasetException(f + ": not a PNG or JPEG file (class folders may hold only .png, .jpg, .jpeg)");
            }
        }
        if (files.isEmpty()) {
            throw new DatasetException("class '" + classFolder.getFileName() + "' (" + classFolder + ") has no images");
        }
        return files;
    }

    /** The first image's size, which every other image must share, and whether any image so far is in colour. */
    private static final class Source {
        Path first;
        int width;
        int height;
        boolean colour;
    }

    private static byte[] load(Path file, int height, int width, Source shape) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file + ": unreadable image: " + e.getMessage());
        }
        if (img == null) throw new DatasetException(file + ": unreadable image (not a PNG or JPEG ImageIO can decode)");
        if (shape.first == null) {
            shape.first = file;
            shape.width = img.getWidth();
            shape.height = img.getHeight();
        } else if (img.getWidth() != shape.width || img.getHeight() != shape.height) {
            throw new DatasetException("mixed image shapes: " + file + " is " + img.getWidth() + "x" + img.getHeight() + " but "
                    + shape.first + " is " + shape.width + "x" + shape.height + "; every image of a data set must have the same size");
        }
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            Image scaled = img.getWidth() == width && img.getHeight() == height ? img : img.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
            g.drawImage(scaled, 0, 0, null);
        } finally {
            g.dispose();
        }
        // red, green and blue planes; a grey folder keeps only the first (for a grey pixel it is the pixel's level)
        int plane = height * width;
        byte[] out = new byte[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = rgb.getRGB(x, y), red = (p >> 16) & 0xff, green = (p >> 8) & 0xff, blue = p & 0xff;
                shape.colour |= red != green || green != blue;
                out[y * width + x] = (byte) red;
                out[plane + y * width + x] = (byte) green;
                out[2 * plane + y * width + x] = (byte) blue;
            }
        }
        return out;
    }

    private static final class Builder {
        final int height;
        final int width;
        final ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        final List<Integer> labels = new ArrayList<>();

        Builder(int height, int width) {
            this.height = height;
            this.width = width;
        }

        void add(byte[] image, int label) {
            pixels.writeBytes(image);
            labels.add(label);
        }

        /** @param colour whether the data set is RGB; if not, each image's first plane is its grey levels */
        LabelledImages build(List<String> classes, boolean colour) {
            byte[] rgb = pixels.toByteArray();
            int plane = height * width, channels = colour ? 3 : 1;
            byte[] kept = colour ? rgb : new byte[rgb.length / 3];
            if (!colour) for (int i = 0; i < kept.length / plane; i++) System.arraycopy(rgb, 3 * i * plane, kept, i * plane, plane);
            return new LabelledImages(kept, labels.stream().mapToInt(Integer::intValue).toArray(), channels, height, width, classes);
        }
    }
}
