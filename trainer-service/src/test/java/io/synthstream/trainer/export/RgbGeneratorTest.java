package io.synthstream.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synthstream.contracts.events.TrainingJobRequested;
import io.synthstream.trainer.data.DatasetCatalog;
import io.synthstream.trainer.data.ImageFolderDataset;
import io.synthstream.trainer.evaluation.ReferenceClassifier;
import io.synthstream.trainer.evaluation.VersionEvaluator;
import io.synthstream.trainer.gan.DjlRuntime;
import io.synthstream.trainer.gan.GanArchitecture;
import io.synthstream.trainer.gan.GanShape;
import io.synthstream.trainer.gan.GanTraining;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of colour images trains, exports and evaluates RGB generators: 3-channel samples, parity, colour grids. */
class RgbGeneratorTest {
    static final int SIDE = 16;
    @TempDir
    static Path tmp;
    static DatasetCatalog.Split data;

    /** 2 classes × 20 images of 16×16: reddish squares on blue-green, and blue squares on yellow. */
    public static Path rgbFolder(Path root) throws Exception {
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 20; i++) {
                BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
                var g = img.createGraphics();
                g.setColor(c == 0 ? new Color(0, 90, 120) : new Color(230, 210, 0));
                g.fillRect(0, 0, SIDE, SIDE);
                g.setColor(c == 0 ? new Color(200 + 2 * i, 20, 30) : new Color(10, 30, 180 + 3 * i));
                g.fillRect(i % 5, i % 7, 8, 8);
                g.dispose();
                Path f = root.resolve((c == 0 ? "red" : "blue") + "/" + String.format("%02d", i) + ".png");
                Files.createDirectories(f.getParent());
                ImageIO.write(img, "png", f.toFile());
            }
        }
        return root;
    }

    @BeforeAll
    static void data() throws Exception {
        DjlRuntime.configure(null);
        data = ImageFolderDataset.read(rgbFolder(tmp.resolve("rgb")), SIDE, SIDE);
    }

    static GanTraining training(String arch) {
        var job = new TrainingJobRequested("rgb", "images/rgb", arch, null, 4, 8, null, null, 8, 5L, null, null, 10, SIDE, SIDE, null, null,
                true, null).withDefaults(); // with DiffAugment, which shifts and cuts the three planes alike
        return new GanTraining(GanArchitecture.named(arch), GanShape.of(8, data.train()), job, data.train());
    }

    @Test
    void theFolderIsReadAsThreeChannels() {
        assertEquals(3, data.train().channels());
        assertEquals(3 * SIDE * SIDE, data.train().pixelsPerImage());
        assertEquals(new GanShape(8, 2, 3, SIDE, SIDE), GanShape.of(8, data.train()));
    }

    @Test
    void mlpAndDcganExportThreeChannelSamplesThatMatchTheirNetworks() throws Exception {
        for (String arch : List.of(TrainingJobRequested.ARCH_CONDITIONAL_MLP, TrainingJobRequested.ARCH_CONDITIONAL_DCGAN)) {
            for (String precision : List.of(TrainingJobRequested.PRECISION_FLOAT32, TrainingJobRequested.PRECISION_INT8)) {
                try (GanTraining t = training(arch)) {
                    for (int i = 0; i < 3; i++) t.trainStep();
                    // export checks the output shape [N, 3, H, W] and the parity with the DJL network, or throws
                    var exported = GeneratorExport.export(t, tmp.resolve(arch + "-" + precision), precision);
                    assertTrue(exported.parityMaxAbsDiff() <= GeneratorExport.PARITY_TOLERANCE, arch + " parity " + exported.parityMaxAbsDiff());
                    assertEquals(List.of(3, SIDE, SIDE), exported.contract(data.train().classNames()).sampleShape());
                    try (GeneratorSession s = exported.open()) {
                        assertArrayEquals(new long[] {2, 3, SIDE, SIDE}, s.outputShape(2), arch);
                        assertEquals(2 * 3 * SIDE * SIDE, s.generate(new float[2 * 8], new int[] {0, 1}).length, "[N, 3·H·W] values");
                        assertColour(VersionEvaluator.grid(s, exported.shape()), arch + " " + precision + " grid");
                    }
                }
            }
        }
    }

    @Test
    void anRgbCandidateIsEvaluatedLikeAGreyFolderOne() throws Exception {
        // as for a grey folder: the reference classifier is trained on the folder's own images (here in colour)
        try (GanTraining t = training(TrainingJobRequested.ARCH_CONDITIONAL_MLP);
             ReferenceClassifier ref = ReferenceClassifier.loadOrTrain(tmp.resolve("ref"), "images_rgb", data.train(), data.test(), 1, s -> { })) {
            t.trainStep();
            var exported = GeneratorExport.export(t, tmp.resolve("cand"), TrainingJobRequested.PRECISION_FLOAT32);
            var c = new VersionEvaluator(ref, data, 20, 1).evaluate(exported, 5);
            assertEquals(List.of(3, SIDE, SIDE), c.contract().sampleShape());
            assertTrue(c.metrics().labelFidelity() >= 0 && c.metrics().labelFidelity() <= 1, c.metrics().toString());
            assertTrue(c.metrics().tstrAccuracy() >= 0 && c.metrics().tstrAccuracy() <= 1, c.metrics().toString());
            assertColour(c.previewPng(), "preview");
            assertArrayEquals(c.previewPng(), Files.readAllBytes(tmp.resolve("cand/grid.png")));
        }
    }

    /** A PNG with three colour components and a pixel whose red, green and blue differ. */
    static void assertColour(byte[] png, String what) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(3, img.getColorModel().getNumColorComponents(), what);
        boolean coloured = false;
        for (int y = 0; y < img.getHeight() && !coloured; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y), r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                if (r != g || g != b) {
                    coloured = true;
                    break;
                }
            }
        }
        assertTrue(coloured, what + " has no coloured pixel");
    }
}
