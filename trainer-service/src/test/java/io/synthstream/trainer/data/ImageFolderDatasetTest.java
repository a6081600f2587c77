package io.synthstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ImageFolderDatasetTest {
    @TempDir
    Path tmp;

    /** A w×h image: black with a white square in the top-left quarter (RGB) or a red one (to test luminance). */
    public static void image(Path file, int w, int h, int type, Color square) throws Exception {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        g.setColor(square);
        g.fillRect(0, 0, w / 2, h / 2);
        g.dispose();
        Files.createDirectories(file.getParent());
        String format = file.toString().endsWith(".png") ? "png" : "jpg";
        assertTrue(ImageIO.write(img, format, file.toFile()));
    }

    static DatasetException failure(Path folder) {
        return assertThrows(DatasetException.class, () -> ImageFolderDataset.read(folder, 8, 8));
    }

    @Test
    void classFoldersOfPngAndJpegInGrayOrRgbBecomeAResizedLabelledSplit() throws Exception {
        Path root = tmp.resolve("shapes");
        for (int i = 0; i < 12; i++) image(root.resolve("circle/c" + i + ".png"), 32, 32, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
        for (int i = 0; i < 7; i++) image(root.resolve("bar/b" + i + ".jpg"), 32, 32, BufferedImage.TYPE_INT_RGB, Color.RED);
        Files.createDirectories(root.resolve(".thumbnails")); // hidden entries are skipped
        var split = ImageFolderDataset.read(root, 16, 16);
        assertEquals(List.of("bar", "circle"), split.train().classNames(), "class names are the folder names, sorted");
        assertEquals(16, split.train().height());
        assertEquals(16, split.train().width());
        // every 6th image of a class is a test image: circle 12 → 10 + 2, bar 7 → 6 + 1
        assertEquals(16, split.train().size());
        assertEquals(3, split.test().size());
        assertEquals(1, java.util.Arrays.stream(split.test().labels()).filter(l -> l == 0).count());
        // one image in colour makes the folder RGB (3 planes per image); resized by 2: the square keeps its quarter
        assertEquals(3, split.train().channels(), "a folder with colour images is RGB");
        assertEquals(3, split.test().channels());
        byte[] px = split.train().pixels();
        int firstBar = 0, per = 3 * 256; // bar (label 0) comes first
        assertEquals(0, split.train().labels()[firstBar]);
        int red = px[firstBar * per + 2 * 16 + 2] & 0xff, green = px[firstBar * per + 256 + 2 * 16 + 2] & 0xff;
        int bottomRight = px[firstBar * per + 13 * 16 + 13] & 0xff;
        assertTrue(red >= 240 && green <= 16, "red square: red " + red + ", green " + green);
        assertTrue(bottomRight <= 8, "black background " + bottomRight);
        int circle = split.train().size() - 1;
        for (int c = 0; c < 3; c++) assertEquals(255, px[circle * per + c * 256 + 16 + 1] & 0xff, "white stays white");
    }

    @Test
    void trainAndTestFoldersAreUsedAsGiven() throws Exception {
        Path root = tmp.resolve("split");
        for (String part : List.of("train", "test")) {
            for (String c : List.of("a", "b")) {
                for (int i = 0; i < (part.equals("train") ? 4 : 2); i++) image(root.resolve(part + "/" + c + "/" + i + ".png"), 8, 8,
                        BufferedImage.TYPE_INT_RGB, Color.WHITE);
            }
        }
        var split = ImageFolderDataset.read(root, 8, 8);
        assertEquals(8, split.train().size());
        assertEquals(4, split.test().size());
    }

    @Test
    void rgbFilesOfGreyPixelsStayGreyAndOneColourImageAnywhereMakesTheSetRgb() throws Exception {
        Path grey = tmp.resolve("grey-rgb");
        for (String c : List.of("a", "b")) for (int i = 0; i < 3; i++) image(grey.resolve(c + "/" + i + ".png"), 8, 8, BufferedImage.TYPE_INT_RGB, Color.GRAY);
        var g = ImageFolderDataset.read(grey, 8, 8);
        assertEquals(1, g.train().channels(), "RGB files of grey pixels are a grey set, as before");
        assertEquals(64, g.train().pixelsPerImage());
        assertEquals(Color.GRAY.getRed(), g.train().pixels()[0] & 0xff);

        Path split = tmp.resolve("colour-in-test");
        for (String part : List.of("train", "test")) {
            for (String c : List.of("a", "b")) {
                image(split.resolve(part + "/" + c + "/0.png"), 8, 8, BufferedImage.TYPE_INT_RGB,
                        part.equals("test") && c.equals("b") ? Color.BLUE : Color.WHITE);
            }
        }
        var rgb = ImageFolderDataset.read(split, 8, 8);
        assertEquals(3, rgb.train().channels(), "train and test share the channels");
        assertEquals(3, rgb.test().channels());
        byte[] blue = rgb.test().pixels();
        assertEquals(0, blue[3 * 64] & 0xff, "red plane of the blue image");
        assertEquals(255, blue[3 * 64 + 128] & 0xff, "blue plane of the blue image");
    }

    @Test
    void badFoldersFailWithAClearReason() throws Exception {
        assertTrue(failure(tmp.resolve("missing")).getMessage().contains("no image folder"));

        Path one = tmp.resolve("one");
        image(one.resolve("only/x.png"), 8, 8, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
        assertTrue(failure(one).getMessage().contains("at least 2"), failure(one).getMessage());

        Path empty = tmp.resolve("empty");
        image(empty.resolve("a/x.png"), 8, 8, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
        image(empty.resolve("a/y.png"), 8, 8, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
        Files.createDirectories(empty.resolve("b"));
        assertTrue(failure(empty).getMessage().contains("class 'b'") && failure(empty).getMessage().contains("has no images"),
                failure(empty).getMessage());

        Path corrupt = tmp.resolve("corrupt");
        for (String c : List.of("a", "b")) {
            for (int i = 0; i < 3; i++) image(corrupt.resolve(c + "/" + i + ".png"), 8, 8, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
        }
        Files.write(corrupt.resolve("b/broken.png"), new byte[] {1, 2, 3});
        String unreadable = failure(corrupt).getMessage();
        assertTrue(unreadable.contains("broken.png") && unreadable.contains("unreadable image"), unreadable);
        Files.delete(corrupt.resolve("b/broken.png"));
        Files.writeString(corrupt.resolve("b/notes.txt"), "x");
        assertTrue(failure(corrupt).getMessage().contains("notes.txt: not a PNG or JPEG"), failure(corrupt).getMessage());
        Files.delete(corrupt.resolve("b/notes.txt"));
        image(corrupt.resolve("b/big.png"), 16, 8, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
        String mixed = failure(corrupt).getMessage();
        assertTrue(mixed.contains("mixed image shapes") && mixed.contains("big.png is 16x8"), mixed);

        Path half = tmp.resolve("half");
        image(half.resolve("train/a/x.png"), 8, 8, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE);
        assertTrue(failure(half).getMessage().contains("only one of train/ and test/"));
    }
}
