package io.synthstream.trainer.gan;

/** The sizes a conditional GAN is built for: latent vector, classes, and single-channel image size. */
public record GanShape(int latentSize, int numClasses, int height, int width) {
    public int pixels() {
        return height * width;
    }
}
