package io.synthstream.trainer.gan;

/**
 * The sizes a conditional GAN is built for: latent vector, classes, and image size; channels is 1 for grey
 * images, 3 for RGB. Images are flat vectors of channel-major (C, H, W) values, hence pixels = C·H·W.
 */
public record GanShape(int latentSize, int numClasses, int channels, int height, int width) {
    /** A grey (single-channel) shape. */
    public GanShape(int latentSize, int numClasses, int height, int width) {
        this(latentSize, numClasses, 1, height, width);
    }

    /** The shape of a generator for these images: their classes, channels and size. */
    public static GanShape of(int latentSize, io.synthstream.trainer.data.LabelledImages images) {
        return new GanShape(latentSize, images.numClasses(), images.channels(), images.height(), images.width());
    }

    public int pixels() {
        return channels * height * width;
    }
}
